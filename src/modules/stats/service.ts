import { Temporal } from '@js-temporal/polyfill';
import { type SQL, sql } from 'drizzle-orm';
import { ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { accountTimeZone } from '../accounts/service.js';
import { getGroupMessage } from '../group-messages/service.js';
import {
  INTERVAL_MS,
  MAX_BUCKETS,
  type MessageStats,
  type MessageStatsQuery,
  type StatsInterval,
} from './schemas.js';

type Row = { bucket: string; channel_id: string | null; sent: number; delivered: number; failed: number };
type Counts = { sent: number; delivered: number; failed: number };

const rate = (c: Counts) => (c.sent === 0 ? null : Math.round((c.delivered / c.sent) * 10_000) / 10_000);
const withRate = (c: Counts) => ({ ...c, delivery_rate: rate(c) });

const localDate = (ms: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate().toString();
/** The first instant of a day in a zone. */
const startOfDay = (date: string, timeZone: string) =>
  Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
const nextDay = (date: string) => Temporal.PlainDate.from(date).add({ days: 1 }).toString();

/** The days from `from` to `to` inclusive, as YYYY-MM-DD. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * How rows fall into buckets: days are named YYYY-MM-DD in the zone; minutes and hours are
 * `date_bin` buckets from `origin` (a local midnight, so hours start on the zone's hour), named by
 * their first instant as toISOString() writes it.
 */
class Buckets {
  constructor(
    readonly interval: StatsInterval,
    readonly timeZone: string,
    readonly origin: number,
  ) {}

  /** The SQL of the bucket a timestamptz expression falls in (cheap: run on every row). */
  bin(at: SQL): SQL {
    if (this.interval === 'day') return sql`date_trunc('day', ${at} AT TIME ZONE ${this.timeZone})`;
    const stride = `1 ${this.interval}`;
    const origin = new Date(this.origin).toISOString();
    return sql`date_bin(${stride}::interval, ${at}, ${origin}::timestamptz)`;
  }

  /** The SQL naming a bucket from bin() (run once per bucket, after grouping). */
  name(bin: SQL): SQL {
    return this.interval === 'day'
      ? sql`to_char(${bin}, 'YYYY-MM-DD')`
      : sql`to_char(${bin} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }

  /** The name of the bucket an instant falls in. */
  of(ms: number): string {
    if (this.interval === 'day') return localDate(ms, this.timeZone);
    const step = INTERVAL_MS[this.interval];
    return new Date(this.origin + Math.floor((ms - this.origin) / step) * step).toISOString();
  }

  /** Every bucket from `first` to `last` (names), in order; refuses more than MAX_BUCKETS. */
  between(first: string, last: string): string[] {
    if (this.interval === 'day') return daysOf(first, last);
    const step = INTERVAL_MS[this.interval];
    const count = (Date.parse(last) - Date.parse(first)) / step + 1;
    if (count > MAX_BUCKETS) {
      throw new ValidationError('The range holds too many buckets', [
        {
          path: 'interval',
          message: `the broadcast spans ${count} ${this.interval}s, more than ${MAX_BUCKETS}: use a coarser interval`,
        },
      ]);
    }
    const names: string[] = [];
    for (let t = Date.parse(first); t <= Date.parse(last); t += step) names.push(new Date(t).toISOString());
    return names;
  }
}

/**
 * Sent, delivered and failed outbound messages of the account per bucket (and channel), by the
 * day a message was created in the given time zone; or, for one broadcast, by when each event
 * happened.
 */
export async function messageStats(ctx: OpContext, query: MessageStatsQuery): Promise<MessageStats> {
  const timezone = query.timezone ?? (await accountTimeZone(ctx.db, ctx.accountId));
  const byChannel = query.group_by === 'channel';
  const channel = byChannel ? sql`channel_id` : sql`NULL::uuid`;
  let rows: Row[];
  let names: string[];
  let range: { from: string; to: string };
  // Another account's broadcast is not found (404), never an empty chart.
  const group = query.group_message_id ? await getGroupMessage(ctx, query.group_message_id) : null;

  if (query.from && query.to) {
    const lo = startOfDay(query.from, timezone);
    const hi = startOfDay(nextDay(query.to), timezone);
    const buckets = new Buckets(query.interval, timezone, lo);
    range = { from: query.from, to: query.to };
    names =
      query.interval === 'day'
        ? daysOf(query.from, query.to)
        : buckets.between(buckets.of(lo), buckets.of(hi - 1));
    rows = group
      ? await broadcastRows(ctx, group.id, buckets, channel, [lo, hi])
      : await accountRows(ctx, buckets, channel, [lo, hi]);
  } else if (group) {
    // One broadcast over its own span: from its start to its last event, or to now while it runs.
    const start = (group.startedAt ?? group.createdAt).getTime();
    const end = (group.completedAt ?? new Date()).getTime();
    const buckets = new Buckets(query.interval, timezone, startOfDay(localDate(start, timezone), timezone));
    rows = await broadcastRows(ctx, group.id, buckets, channel, null);
    const keys = [buckets.of(start), buckets.of(end), ...rows.map((r) => r.bucket)].sort();
    names = buckets.between(keys[0]!, keys.at(-1)!);
    const dayOf = (name: string) => (query.interval === 'day' ? name : localDate(Date.parse(name), timezone));
    range = { from: dayOf(names[0]!), to: dayOf(names.at(-1)!) };
  } else {
    throw new Error('from and to are required without group_message_id'); // the query schema refuses it
  }

  const key = (bucket: string, channelId: string | null) => `${bucket}/${channelId ?? ''}`;
  const found = new Map(rows.map((r) => [key(r.bucket, r.channel_id), r]));
  const channels = byChannel
    ? [...new Set(rows.map((r) => r.channel_id))].sort((a, b) => (a ?? '').localeCompare(b ?? ''))
    : [null];
  const items: MessageStats['items'] = [];
  for (const bucket of names) {
    for (const channelId of channels) {
      const r = found.get(key(bucket, channelId));
      const counts = { sent: r?.sent ?? 0, delivered: r?.delivered ?? 0, failed: r?.failed ?? 0 };
      items.push({
        period_start: bucket,
        ...(byChannel ? { channel_id: channelId } : {}),
        ...withRate(counts),
      });
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
    ...range,
    interval: query.interval,
    timezone,
    group_by: query.group_by ?? null,
    group_message_id: query.group_message_id ?? null,
    totals: withRate(totals),
    items,
  };
}

/**
 * The account: sums the counter deltas the triggers on `messages` write (see message_stat_deltas),
 * a few rows per hour and channel instead of every message. Hours are UTC: a zone with a half-hour
 * offset puts that half hour in the neighbouring bucket.
 */
async function accountRows(ctx: OpContext, buckets: Buckets, channel: SQL, [lo, hi]: [number, number]) {
  const result = await ctx.db.execute<Row>(sql`
    SELECT ${buckets.name(sql`b`)} AS bucket, channel_id, sent, delivered, failed FROM (
      SELECT ${buckets.bin(sql`hour`)} AS b, ${channel} AS channel_id,
        sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(failed)::int AS failed
      FROM message_stat_deltas
      WHERE account_id = ${ctx.accountId}
        AND hour >= date_trunc('hour', ${new Date(lo).toISOString()}::timestamptz)
        AND hour < ${new Date(hi).toISOString()}::timestamptz
      GROUP BY 1, 2
      HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(failed) <> 0
    ) g`);
  return result.rows;
}

/**
 * One broadcast, from its messages (the deltas are not kept per broadcast): each message counts
 * once as sent at sent_at, once as delivered at delivered_at and once as failed at failed_at. One
 * pass over the broadcast's rows through messages_group_status_idx.
 */
async function broadcastRows(
  ctx: OpContext,
  groupMessageId: string,
  buckets: Buckets,
  channel: SQL,
  within: [number, number] | null,
) {
  const bounds = within
    ? sql`AND e.at >= ${new Date(within[0]).toISOString()}::timestamptz AND e.at < ${new Date(within[1]).toISOString()}::timestamptz`
    : sql``;
  const result = await ctx.db.execute<Row>(sql`
    SELECT ${buckets.name(sql`b`)} AS bucket, channel_id, sent, delivered, failed FROM (
      SELECT ${buckets.bin(sql`e.at`)} AS b, ${channel} AS channel_id,
        (count(*) FILTER (WHERE e.kind = 's'))::int AS sent,
        (count(*) FILTER (WHERE e.kind = 'd'))::int AS delivered,
        (count(*) FILTER (WHERE e.kind = 'f'))::int AS failed
      FROM messages m
      CROSS JOIN LATERAL (VALUES
        ('s', m.sent_at),
        ('d', CASE WHEN m.status = 'delivered' THEN m.delivered_at END),
        ('f', CASE WHEN m.status = 'permanently_failed' THEN m.failed_at END)
      ) AS e(kind, at)
      WHERE m.account_id = ${ctx.accountId} AND m.group_message_id = ${groupMessageId}
        AND m.direction = 'outbound' AND e.at IS NOT NULL ${bounds}
      GROUP BY 1, 2
    ) g`);
  return result.rows;
}
