import { eq, sql } from 'drizzle-orm';
import { accounts, groupMessages, scheduledMessages } from '../../db/schema/index.js';
import { ACTIVE_SCHEDULE_STATUSES } from '../../db/schema/scheduled-messages.js';
import type { MemberRemovalSettings } from '../../db/schema/tenancy.js';
import type { OpContext } from '../../http/context.js';
import { memberRemovalSettings } from '../accounts/service.js';
import { cancelGroupMessageIn } from '../group-messages/service.js';
import { pauseScheduledMessage } from '../scheduled-messages/service.js';

type Lost = { schedules: boolean; broadcasts: boolean };

/** One kind of work a member leaves behind: which rows, under which setting, and how it stops. */
type Step = {
  lost: keyof Lost;
  setting: keyof MemberRemovalSettings;
  table: typeof scheduledMessages | typeof groupMessages;
  statuses: readonly string[];
  /** Stops one row in the caller's transaction and records it, with `reason`, in the audit log. */
  stop: (ctx: OpContext, id: string, reason: string) => Promise<unknown>;
};

const STEPS: Step[] = [
  {
    lost: 'schedules',
    setting: 'pause_schedules',
    table: scheduledMessages,
    statuses: ACTIVE_SCHEDULE_STATUSES,
    stop: (ctx, id, reason) => pauseScheduledMessage(ctx, id, ctx.db, reason),
  },
  {
    lost: 'broadcasts',
    setting: 'cancel_broadcasts',
    table: groupMessages,
    // Not sending yet: cancelling one stops it before any message goes out; a processing one finishes.
    statuses: ['draft', 'pending_approval', 'queued'],
    stop: (ctx, id, reason) => cancelGroupMessageIn(ctx.db, ctx, id, reason),
  },
];

/**
 * What a member created stops when they lose the right to it (removed, or demoted below the permission
 * that creates it), if the account says so (`on_member_removed`): their active schedules are paused,
 * their broadcasts not yet sending are cancelled, each recorded in the audit log. Runs in the caller's
 * transaction (ctx.db) and locks the rows it changes until commit, so a worker cannot start one of
 * them meanwhile. By default nothing changes: the account's work keeps running.
 */
export async function stopWorkOf(
  ctx: OpContext,
  userId: string,
  lost: Lost,
  reason: 'creator_removed' | 'creator_demoted',
): Promise<void> {
  const [account] = await ctx.db
    .select({ onMemberRemoved: accounts.onMemberRemoved })
    .from(accounts)
    .where(eq(accounts.id, ctx.accountId));
  const settings = memberRemovalSettings(account?.onMemberRemoved);
  for (const step of STEPS) {
    if (!lost[step.lost] || !settings[step.setting]) continue;
    const rows = await ctx.db.execute<{ id: string }>(sql`
      SELECT id FROM ${step.table}
      WHERE account_id = ${ctx.accountId}::uuid AND created_by_user_id = ${userId}::uuid
        AND status IN (${sql.join(
          step.statuses.map((s) => sql`${s}`),
          sql`, `,
        )})
      ORDER BY id
      FOR UPDATE`);
    for (const row of rows.rows) await step.stop(ctx, row.id, reason);
  }
}
