import type { EventHandler } from '../../events/handlers.js';
import { syncScheduleJob } from './schedule-jobs.js';

function epochOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Handles `scheduled_message.created|updated|paused|resumed|cancelled`: the schedule changed, so its
 * job scheduler (recurring) or delayed job (one-time) is brought in line with the row. Idempotent: it
 * reads the current row, a scheduler's id names its schedule and a delayed job's id its occurrence.
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
