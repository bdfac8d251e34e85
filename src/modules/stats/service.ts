import { eq, sql } from 'drizzle-orm';
import { accounts } from '../../db/schema/index.js';
import type { OpContext } from '../../http/context.js';
import type { MessageStats, MessageStatsQuery } from './schemas.js';

type Row = { day: string; channel_id: string | null; sent: number; delivered: number; failed: number };
type Counts = { sent: number; delivered: number; failed: number };

const rate = (c: Counts) => (c.sent === 0 ? null : Math.round((c.delivered / c.sent) * 10_000) / 10_000);
const withRate = (c: Counts) => ({ ...c, delivery_rate: rate(c) });

/** The days from `from` to `to` inclusive, as YYYY-MM-DD. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Sent, delivered and failed outbound messages of the account per day (and channel), by the day a
 * message was created in the given time zone.
 */
export async function messageStats(ctx: OpContext, query: MessageStatsQuery): Promise<MessageStats> {
  let timezone = query.timezone;
  if (!timezone) {
    const [account] = await ctx.db
      .select({ timezone: accounts.timezone })
      .from(accounts)
      .where(eq(accounts.id, ctx.accountId));
    timezone = account?.timezone ?? 'UTC';
  }
  const byChannel = query.group_by === 'channel';
  // Sums the counter deltas the triggers on `messages` write (see message_stat_deltas): a few rows
  // per hour and channel instead of every message. Hours are UTC: a zone with a half-hour offset
  // puts that half hour on the neighbouring day.
  const result = await ctx.db.execute<Row>(sql`
    SELECT to_char(date_trunc('day', hour AT TIME ZONE ${timezone}), 'YYYY-MM-DD') AS day,
      ${byChannel ? sql`channel_id` : sql`NULL::uuid`} AS channel_id,
      sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(failed)::int AS failed
    FROM message_stat_deltas
    WHERE account_id = ${ctx.accountId}
      AND hour >= date_trunc('hour', ${query.from}::date::timestamp AT TIME ZONE ${timezone})
      AND hour < ((${query.to}::date + 1)::timestamp AT TIME ZONE ${timezone})
    GROUP BY 1, 2
    HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(failed) <> 0`);

  const rows = result.rows;
  const key = (day: string, channel: string | null) => `${day}/${channel ?? ''}`;
  const found = new Map(rows.map((r) => [key(r.day, r.channel_id), r]));
  const channels = byChannel
    ? [...new Set(rows.map((r) => r.channel_id))].sort((a, b) => (a ?? '').localeCompare(b ?? ''))
    : [null];
  const items: MessageStats['items'] = [];
  for (const day of daysOf(query.from, query.to)) {
    for (const channel of channels) {
      const r = found.get(key(day, channel));
      const counts = { sent: r?.sent ?? 0, delivered: r?.delivered ?? 0, failed: r?.failed ?? 0 };
      items.push({ period_start: day, ...(byChannel ? { channel_id: channel } : {}), ...withRate(counts) });
    }
  }
  const totals = rows.reduce<Counts>(
    (sum, r) => ({
      sent: sum.sent + r.sent,
      delivered: sum.delivered + r.delivered,
      failed: sum.failed + r.failed,
    }),
    { sent: 0, delivered: 0, failed: 0 },
  );
  return {
    from: query.from,
    to: query.to,
    interval: query.interval,
    timezone,
    group_by: query.group_by ?? null,
    totals: withRate(totals),
    items,
  };
}
