import type { OutboxRow } from '../events/envelope.js';
import type { LiveEvent } from './live-event.js';

// The status a single message's domain event leaves it in (broadcast messages have no such events).
const MESSAGE_STATUS: Record<string, string> = {
  'message.queued': 'queued',
  'message.sent': 'sent',
  'message.delivered': 'delivered',
  'message.failed': 'permanently_failed',
};

/**
 * The live events among outbox rows the relay published: low-volume changes already recorded as
 * domain events in their transaction (channel status, single messages), so they reach live streams
 * after commit from one place instead of from every code path that writes them.
 */
export function liveEventsFromOutbox(rows: readonly OutboxRow[]): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (const row of rows) {
    if (!row.accountId) continue;
    const p = row.payload;
    if (row.eventType === 'channel.status_changed') {
      events.push({
        accountId: row.accountId,
        type: 'channel.status',
        data: { id: p.channel_id, status: p.status, error_message: p.error_message ?? null },
      });
      continue;
    }
    const status = MESSAGE_STATUS[row.eventType];
    if (status && typeof p.message_id === 'string') {
      events.push({
        accountId: row.accountId,
        type: 'message.status',
        data: { id: p.message_id, status: typeof p.status === 'string' ? p.status : status },
      });
    }
  }
  return events;
}
