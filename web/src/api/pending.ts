import { authorizedFetch } from './client';
import { ApiError } from './problem';

/**
 * Endpoints built in parallel on the `live-api` branch (issue 11) and not yet in the generated
 * client. TODO(after merge): run `npm run generate:api`, then replace these calls with
 * `api.POST('/v1/events/tickets')` and `api.GET('/v1/stats/messages')`, the types below with
 * aliases in `types.ts`, and delete this module.
 */

/** `POST /v1/events/tickets` → a short-lived ticket for `GET /v1/events/stream?ticket=`. */
export async function createEventTicket(): Promise<string | null> {
  const response = await authorizedFetch(new Request('/v1/events/tickets', { method: 'POST' }));
  if (!response.ok) return null;
  const body = (await response.json()) as { ticket?: unknown };
  return typeof body.ticket === 'string' ? body.ticket : null;
}

/** One interval and channel of `GET /v1/stats/messages?…&group_by=channel`. */
export type MessageStatsRow = {
  period: string;
  channel_id: string | null;
  sent: number;
  delivered: number;
  failed: number;
  delivery_rate: number | null;
};

/**
 * The account's message counts per day and channel. A 404 (the endpoint is not deployed yet)
 * answers an empty list, so the dashboard shows an empty chart rather than an error.
 */
export async function fetchMessageStats(from: string, to: string): Promise<MessageStatsRow[]> {
  const query = new URLSearchParams({ from, to, interval: 'day', group_by: 'channel' });
  let response: Response;
  try {
    response = await authorizedFetch(new Request(`/v1/stats/messages?${query}`));
  } catch {
    throw new ApiError(0, { detail: 'The server could not be reached. Check the connection and retry.' });
  }
  if (response.status === 404) return [];
  const body = (await response.json().catch(() => undefined)) as
    | { items?: Record<string, unknown>[] }
    | undefined;
  if (!response.ok) throw new ApiError(response.status, body as ConstructorParameters<typeof ApiError>[1]);
  return (body?.items ?? []).map((raw) => ({
    period: String(raw.period ?? raw.interval ?? raw.date ?? ''),
    channel_id: typeof raw.channel_id === 'string' ? raw.channel_id : null,
    sent: Number(raw.sent ?? 0),
    delivered: Number(raw.delivered ?? 0),
    failed: Number(raw.failed ?? 0),
    delivery_rate: raw.delivery_rate == null ? null : Number(raw.delivery_rate),
  }));
}
