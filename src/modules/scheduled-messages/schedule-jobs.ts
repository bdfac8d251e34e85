import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scheduledMessages } from '../../db/schema/index.js';
import { ACTIVE_SCHEDULE_STATUSES } from '../../db/schema/scheduled-messages.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import type { OccurrenceRef } from './run-occurrence.js';

const TRIGGER = JOBS['schedule-trigger'];

/**
 * How early a job becomes due before its occurrence. Redis wakes a blocked client only on its own
 * clock tick (`hz`, 10 per second by default), so a delayed job is taken up to 100 ms after its time;
 * the worker takes it a little early and waits for the exact instant (see workers/scheduler.ts).
 */
export const TRIGGER_LEAD_MS = 150;

/** The BullMQ delay of an occurrence's job. */
export function occurrenceDelay(occurrenceAt: number, now = Date.now()): number {
  return Math.max(0, occurrenceAt - TRIGGER_LEAD_MS - now);
}

/** Adds the delayed job of one occurrence; adding the same occurrence again is a no-op. */
export async function enqueueOccurrence(queues: Queues, ref: OccurrenceRef, now = Date.now()): Promise<void> {
  await queues.enqueue('schedule-trigger', ref, { delay: occurrenceDelay(ref.occurrenceAt, now) });
}

/** Removes the job of an occurrence that will not run (a locked, running job stays and finds nothing to do). */
export async function removeOccurrenceJob(
  queues: Queues,
  scheduledMessageId: string,
  occurrenceAt: number,
): Promise<void> {
  await queues.get(TRIGGER.queue).remove(TRIGGER.jobId({ scheduledMessageId, occurrenceAt }));
}

/**
 * Makes Redis follow PostgreSQL for one schedule: while it is active the job of its next occurrence
 * exists, and the job of an occurrence it no longer waits for (`previousAt`) is removed. Reads the
 * current row, so a late or repeated call is harmless.
 */
export async function syncScheduleJob(
  deps: { db: Db; queues: Queues },
  target: { scheduledMessageId: string; accountId: string; previousAt?: number | null },
): Promise<void> {
  const [row] = await deps.db
    .select({ status: scheduledMessages.status, nextTriggerAt: scheduledMessages.nextTriggerAt })
    .from(scheduledMessages)
    .where(
      and(
        eq(scheduledMessages.id, target.scheduledMessageId),
        eq(scheduledMessages.accountId, target.accountId),
      ),
    );
  const next =
    row?.nextTriggerAt && (ACTIVE_SCHEDULE_STATUSES as readonly string[]).includes(row.status)
      ? row.nextTriggerAt.getTime()
      : null;
  if (target.previousAt != null && target.previousAt !== next) {
    await removeOccurrenceJob(deps.queues, target.scheduledMessageId, target.previousAt);
  }
  if (next !== null) {
    await enqueueOccurrence(deps.queues, {
      scheduledMessageId: target.scheduledMessageId,
      accountId: target.accountId,
      occurrenceAt: next,
    });
  }
}
