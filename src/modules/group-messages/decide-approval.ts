import { and, eq, sql } from 'drizzle-orm';
import { auditOp } from '../../audit/record-audit.js';
import type { GroupMessageApproval } from '../../db/schema/group-messages.js';
import { groupMessages } from '../../db/schema/index.js';
import { ConflictError, ForbiddenError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { writeEvents } from '../../outbox/write-event.js';
import { getGroupMessage, groupMessageAudit, queuedEvent } from './service.js';

/**
 * Approves (pending_approval → queued, dispatch starts) or rejects (→ cancelled, nothing was sent)
 * a broadcast waiting for approval. Only a user may decide, and not the one who created or started
 * it: four eyes. The decision, its author and time stay on the broadcast's `approval`.
 */
export async function decideApproval(
  ctx: OpContext,
  id: string,
  decision: 'approved' | 'rejected',
  reason: string | null = null,
) {
  const actor = ctx.actor;
  if (actor.type !== 'user') {
    throw new ForbiddenError(
      'Only a signed-in user can approve or reject a broadcast',
      'approver_must_be_user',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const current = await getGroupMessage(ctx, id, tx);
    if (current.status !== 'pending_approval' || !current.approval) {
      throw new ConflictError(`A ${current.status} broadcast is not waiting for approval`, 'invalid_state');
    }
    if (current.createdByUserId === actor.userId || current.approval.requested_by_user_id === actor.userId) {
      throw new ForbiddenError(
        'A broadcast must be approved or rejected by someone other than the user who created or started it',
        'approver_is_requester',
      );
    }
    const approval: GroupMessageApproval = {
      ...current.approval,
      decision,
      decided_by_user_id: actor.userId,
      decided_at: new Date().toISOString(),
      reason,
    };
    const [row] = await tx
      .update(groupMessages)
      .set({
        status: decision === 'approved' ? 'queued' : 'cancelled',
        approval,
        ...(decision === 'rejected'
          ? { completedAt: new Date(), errorDetails: { code: 'approval_rejected', reason } }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(groupMessages.id, id),
          eq(groupMessages.accountId, ctx.accountId),
          eq(groupMessages.status, 'pending_approval'),
        ),
      )
      .returning();
    if (!row) throw new ConflictError('The broadcast is no longer waiting for approval', 'invalid_state');
    await writeEvents(tx, [
      decision === 'approved'
        ? queuedEvent(ctx, row)
        : {
            accountId: ctx.accountId,
            eventType: 'group_message.cancelled',
            aggregateType: 'group_message',
            aggregateId: id,
            payload: { cancelled: 0, reason: 'approval_rejected' },
          },
    ]);
    await auditOp(ctx, tx, groupMessageAudit(decision, current, row));
    ctx.logger.info({ group_message_id: id, decision }, 'broadcast approval decided');
    return row;
  });
}
