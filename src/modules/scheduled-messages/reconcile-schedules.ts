import { and, asc, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scheduledMessages } from '../../db/schema/index.js';
import { ACTIVE_SCHEDULE_STATUSES } from '../../db/schema/scheduled-messages.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { occurrenceDelay } from './schedule-jobs.js';

const TRIGGER = JOBS['schedule-trigger'];
const PAGE_SIZE = 1000;
// A job this late should have run: look at it, and re-add it if it failed for good.
const OVERDUE_MS = 30_000;

export type ReconcileResult = { active: number; revived: number };

/**
 * Rebuilds Redis from PostgreSQL: adds the job of every active schedule's next occurrence (a no-op
 * for jobs that exist, so it is safe at any time and in every process), and re-adds an overdue
 * occurrence whose job ran out of attempts. Redis may have lost everything; nothing is lost here.
 */
export async function reconcileSchedules(
  deps: { db: Db; queues: Queues },
  now = Date.now(),
): Promise<ReconcileResult> {
  const queue = deps.queues.get(TRIGGER.queue);
  let cursor: string | undefined;
  let active = 0;
  let revived = 0;
  for (;;) {
    const rows = await deps.db
      .select({
        id: scheduledMessages.id,
        accountId: scheduledMessages.accountId,
        nextTriggerAt: scheduledMessages.nextTriggerAt,
      })
      .from(scheduledMessages)
      .where(
        and(
          inArray(scheduledMessages.status, [...ACTIVE_SCHEDULE_STATUSES]),
          isNotNull(scheduledMessages.nextTriggerAt),
          cursor ? gt(scheduledMessages.id, cursor) : undefined,
        ),
      )
      .orderBy(asc(scheduledMessages.id))
      .limit(PAGE_SIZE);
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    active += rows.length;
    const refs = rows.map((r) => ({
      scheduledMessageId: r.id,
      accountId: r.accountId,
      occurrenceAt: r.nextTriggerAt!.getTime(),
    }));
    await queue.addBulk(
      refs.map((ref) => ({
        name: 'schedule-trigger',
        data: ref,
        opts: {
          ...TRIGGER.options,
          jobId: TRIGGER.jobId(ref),
          delay: occurrenceDelay(ref.occurrenceAt, now),
        },
      })),
    );
    for (const ref of refs.filter((r) => r.occurrenceAt < now - OVERDUE_MS)) {
      const job = await queue.getJob(TRIGGER.jobId(ref));
      if (job && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        revived += 1;
      }
    }
    if (rows.length < PAGE_SIZE) break;
  }
  return { active, revived };
}
