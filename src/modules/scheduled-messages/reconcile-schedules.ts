import { and, asc, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scheduledMessages } from '../../db/schema/index.js';
import { ACTIVE_SCHEDULE_STATUSES } from '../../db/schema/scheduled-messages.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { armSchedule, schedulerIdOf } from './schedule-jobs.js';

const TRIGGER = JOBS['schedule-trigger'];
const PAGE_SIZE = 1000;
// A job this late should have run: look at it, and re-add it if it failed for good.
const OVERDUE_MS = 30_000;
// An occurrence this far past with no job of its own was missed by the scheduler (an outage): arm it.
const UNCOVERED_MS = 5_000;

export type ReconcileResult = { active: number; armed: number; removed: number; revived: number };

/**
 * Rebuilds Redis from PostgreSQL: arms every active schedule that Redis does not hold (its job
 * scheduler missing, or its occurrence overdue without a job), removes job schedulers of schedules
 * that no longer run, and re-adds an overdue occurrence whose job ran out of attempts. Redis may
 * have lost everything; nothing is lost here. Safe at any time and in every process.
 */
export async function reconcileSchedules(
  deps: { db: Db; queues: Queues },
  now = Date.now(),
): Promise<ReconcileResult> {
  const queue = deps.queues.get(TRIGGER.queue);
  const schedulers = new Set((await queue.getJobSchedulers(0, -1)).map((s) => s.key));
  let cursor: string | undefined;
  const result: ReconcileResult = { active: 0, armed: 0, removed: 0, revived: 0 };
  for (;;) {
    const rows = await deps.db
      .select()
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
    result.active += rows.length;
    for (const row of rows) {
      const hasScheduler = schedulers.delete(schedulerIdOf(row.id));
      const occurrenceAt = row.nextTriggerAt!.getTime();
      // A recurring schedule with its scheduler, waiting for an occurrence still ahead, is held.
      if (row.isRecurring && hasScheduler && occurrenceAt >= now - UNCOVERED_MS) continue;
      const job = await queue.getJob(TRIGGER.jobId({ scheduledMessageId: row.id, occurrenceAt }));
      if (job && (await job.isFailed()) && occurrenceAt < now - OVERDUE_MS) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        result.revived += 1;
      } else if (!job || (row.isRecurring && !hasScheduler)) {
        await armSchedule(deps.queues, row, now);
        result.armed += 1;
      }
    }
    if (rows.length < PAGE_SIZE) break;
  }
  // Schedulers of schedules that stopped running (paused, finished, deleted) while an event was lost.
  for (const id of schedulers) {
    if (id.startsWith('schedule-')) {
      await queue.removeJobScheduler(id);
      result.removed += 1;
    }
  }
  return result;
}
