import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { GroupMessageApproval } from '../../db/schema/group-messages.js';
import { accounts } from '../../db/schema/index.js';
import { audienceOf, countAudience } from '../../dispatch/fanout/audience.js';
import type { OpContext } from '../../http/context.js';

type AudienceFields = {
  contactGroupIds: string[];
  contactIds: string[];
  excludeContactIds: string[];
};

/**
 * The approval a broadcast about to be queued needs: when the account has an `approval_threshold`
 * and the audience counted now is larger, the request (who asked, when, for how many); else null.
 * `requestedBy` is the user asking: the caller, or for a schedule's run the schedule's author.
 */
export async function approvalNeeded(
  tx: DbOrTx,
  ctx: OpContext,
  group: AudienceFields,
  requestedBy: string | null = ctx.actor.type === 'user' ? ctx.actor.userId : null,
): Promise<GroupMessageApproval | null> {
  const [account] = await tx
    .select({ consent: accounts.consent })
    .from(accounts)
    .where(eq(accounts.id, ctx.accountId));
  const threshold = account?.consent.approval_threshold ?? null;
  if (threshold === null) return null;
  const recipients = await countAudience(
    tx,
    audienceOf({ ...group, accountId: ctx.accountId, startedAt: new Date() }),
  );
  if (recipients <= threshold) return null;
  return {
    recipients,
    threshold,
    requested_at: new Date().toISOString(),
    requested_by_user_id: requestedBy,
    decision: null,
    decided_by_user_id: null,
    decided_at: null,
    reason: null,
  };
}
