import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema.gen';

/** `POST /v1/events/tickets` → a short-lived ticket for `GET /v1/events/stream?ticket=`, or null. */
export async function createEventTicket(): Promise<string | null> {
  const { data, response } = await api.POST('/v1/events/tickets');
  return response.ok && data ? data.ticket : null;
}

type Bucket = components['schemas']['MessageStatsBucket'];

/** One day (and channel) of `GET /v1/stats/messages?…&group_by=channel`. */
export type MessageStatsRow = Pick<Bucket, 'sent' | 'delivered' | 'failed' | 'delivery_rate'> & {
  /** The day, YYYY-MM-DD, in the account's time zone. */
  period: string;
  channel_id: string | null;
};

/**
 * The account's message counts per day and channel, `from` to `to` (YYYY-MM-DD, inclusive), the
 * days counted in `timeZone`.
 */
export async function fetchMessageStats(
  from: string,
  to: string,
  timeZone: string,
): Promise<MessageStatsRow[]> {
  const query = { from, to, interval: 'day', group_by: 'channel', timezone: timeZone } as const;
  const stats = await unwrap(api.GET('/v1/stats/messages', { params: { query } }));
  return stats.items.map((b) => ({
    period: b.period_start,
    channel_id: b.channel_id ?? null,
    sent: b.sent,
    delivered: b.delivered,
    failed: b.failed,
    delivery_rate: b.delivery_rate,
  }));
}
