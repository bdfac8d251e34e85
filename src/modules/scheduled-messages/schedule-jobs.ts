import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scheduledMessages } from '../../db/schema/index.js';
import { isActiveSchedule } from '../../db/schema/scheduled-messages.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { encodeTiming, TRIGGER_LEAD_MS } from '../../scheduling/repeat-strategy.js';
import type { OccurrenceRef } from './run-occurrence.js';
import { timingOf } from './schedule-definition.js';

const TRIGGER = JOBS['schedule-trigger'];
type ScheduleRow = typeof scheduledMessages.$inferSelect;

/** The id of a recurring schedule's BullMQ job scheduler. */
export const schedulerIdOf = (scheduledMessageId: string) => `schedule-${scheduledMessageId}`;

/**
 * Makes Redis hold what an active schedule needs: a recurring one its job scheduler (created, or
 * replaced when its timing changed), whose jobs follow our occurrence arithmetic; a one-time one the
 * delayed job of its occurrence. An occurrence the scheduler's first job does not stand for (overdue
 * after an outage, or due within the lead) gets its own delayed job, so what PostgreSQL waits for
 * always has a job. Safe to repeat.
 */
export async function armSchedule(queues: Queues, row: ScheduleRow, now = Date.now()): Promise<void> {
  if (!row.nextTriggerAt) return;
  const at = row.nextTriggerAt.getTime();
  const first =
    row.isRecurring && row.recurrenceRule
      ? await queues.get(TRIGGER.queue).upsertJobScheduler(
          schedulerIdOf(row.id),
          { pattern: encodeTiming(timingOf(row), row.recurrenceRule) },
          {
            name: 'schedule-trigger',
            data: { scheduledMessageId: row.id, accountId: row.accountId, occurrenceAt: 0 },
            opts: {
              attempts: TRIGGER.options.attempts,
              backoff: TRIGGER.options.backoff,
              removeOnComplete: true,
            },
          },
        )
      : undefined;
  if (first?.opts.prevMillis !== at - TRIGGER_LEAD_MS) {
    await enqueueOccurrence(
      queues,
      { scheduledMessageId: row.id, accountId: row.accountId, occurrenceAt: at },
      now,
    );
  }
}

/** Adds the delayed job of one occurrence (due the lead early); adding it again is a no-op. */
export async function enqueueOccurrence(queues: Queues, ref: OccurrenceRef, now = Date.now()): Promise<void> {
  await queues.enqueue('schedule-trigger', ref, {
    delay: Math.max(0, ref.occurrenceAt - TRIGGER_LEAD_MS - now),
  });
}

/** Removes a recurring schedule's job scheduler and its pending job (a running job stays, finds nothing to do). */
export async function removeScheduler(queues: Queues, scheduledMessageId: string): Promise<void> {
  await queues.get(TRIGGER.queue).removeJobScheduler(schedulerIdOf(scheduledMessageId));
}

/**
 * Makes Redis follow PostgreSQL for one schedule: armed while it is active, disarmed otherwise, and
 * the delayed job of an occurrence it no longer waits for (`previousAt`) removed. Reads the current
 * row, so a late or repeated call is harmless.
 */
export async function syncScheduleJob(
  deps: { db: Db; queues: Queues },
  target: { scheduledMessageId: string; accountId: string; previousAt?: number | null },
): Promise<void> {
  const [row] = await deps.db
    .select()
    .from(scheduledMessages)
    .where(
      and(
        eq(scheduledMessages.id, target.scheduledMessageId),
        eq(scheduledMessages.accountId, target.accountId),
      ),
    );
  const active = row?.nextTriggerAt && isActiveSchedule(row.status);
  const next = active ? row.nextTriggerAt!.getTime() : null;
  const { scheduledMessageId, previousAt } = target;
  if (previousAt != null && previousAt !== next) {
    await deps.queues
      .get(TRIGGER.queue)
      .remove(TRIGGER.jobId({ scheduledMessageId, occurrenceAt: previousAt }));
  }
  if (active) await armSchedule(deps.queues, row);
  else await removeScheduler(deps.queues, scheduledMessageId);
}
