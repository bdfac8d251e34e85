import type { EventHandler } from '../../events/handlers.js';
import { enqueueOccurrence, syncScheduleJob } from './schedule-jobs.js';

function epochOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Handles `scheduled_message.created|updated|paused|resumed|cancelled`: the schedule changed, so its
 * BullMQ job is brought in line with the row. Idempotent: it reads the current row, and job ids name
 * occurrences.
 */
export const syncScheduleOnEvent: EventHandler = async (event, { deps }) => {
  if (!event.account_id) return;
  await syncScheduleJob(
    { db: deps.database.db, queues: deps.queues },
    {
      scheduledMessageId: event.aggregate_id,
      accountId: event.account_id,
      previousAt: epochOf(event.payload.previous_trigger_at),
    },
  );
};

/**
 * Handles `scheduled_message.triggered`: makes sure the next occurrence has its job, in case the
 * scheduler that ran this one stopped before adding it. No database read on this hot path: a job
 * the schedule no longer waits for finds nothing to do when it runs.
 */
export const armNextOnTriggered: EventHandler = async (event, { deps }) => {
  const next = epochOf(event.payload.next_trigger_at);
  if (!event.account_id || next === null) return;
  await enqueueOccurrence(deps.queues, {
    scheduledMessageId: event.aggregate_id,
    accountId: event.account_id,
    occurrenceAt: next,
  });
};
