import { z } from '@hono/zod-openapi';

/** The longest range one request may cover, in days (a quarter). */
export const MAX_RANGE_DAYS = 92;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) => {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
};
const date = (what: string) =>
  z
    .string()
    .regex(DATE, 'must be a date as YYYY-MM-DD')
    .refine(isRealDate, 'is not a calendar date')
    .openapi({ description: what, example: '2026-12-01' });

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

/** The most buckets one answer may hold (two days of minutes, 92 days of hours). */
export const MAX_BUCKETS = 2_880;
export const INTERVALS = ['minute', 'hour', 'day'] as const;
export type StatsInterval = (typeof INTERVALS)[number];
export const INTERVAL_MS: Record<Exclude<StatsInterval, 'day'>, number> = {
  minute: 60_000,
  hour: 3_600_000,
};

export const MessageStatsQuery = z
  .object({
    from: date(
      'First day (inclusive), in `timezone`. Optional with group_message_id: the broadcast’s own span by default',
    ).optional(),
    to: date('Last day (inclusive), in `timezone`. Optional with group_message_id').optional(),
    interval: z
      .enum(INTERVALS)
      .default('day')
      .openapi({
        description: `Bucket size. \`minute\` needs group_message_id; at most ${MAX_BUCKETS} buckets per answer (extension: minute, hour)`,
      }),
    group_by: z.enum(['channel']).optional().openapi({ description: 'Also split each bucket by channel' }),
    group_message_id: z.uuid().optional().openapi({
      description:
        'Only this broadcast’s messages, counted when each event happened: `sent` at sent_at, `delivered` at delivered_at, `failed` at failed_at (extension)',
    }),
    timezone: z.string().max(64).refine(isTimeZone, 'is not an IANA time zone').optional().openapi({
      description: "IANA time zone the days are in; default: the account's",
      example: 'Africa/Addis_Ababa',
    }),
  })
  .superRefine((q, ctx) => {
    if (q.interval === 'minute' && !q.group_message_id) {
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: 'minute buckets are for one broadcast: give group_message_id',
      });
    }
    if (!q.group_message_id) {
      for (const field of ['from', 'to'] as const) {
        if (q[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is required' });
      }
    }
    if ((q.from === undefined) !== (q.to === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.from ? 'to' : 'from'],
        message: 'give both from and to, or neither',
      });
    }
    if (!q.from || !q.to || !DATE.test(q.from) || !DATE.test(q.to)) return;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_RANGE_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range may cover at most ${MAX_RANGE_DAYS} days`,
      });
    else if (q.interval !== 'day' && (days * 86_400_000) / INTERVAL_MS[q.interval] > MAX_BUCKETS)
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: `the range holds more than ${MAX_BUCKETS} ${q.interval}s: use a shorter range or a coarser interval`,
      });
  });
export type MessageStatsQuery = z.infer<typeof MessageStatsQuery>;

const Counts = {
  sent: z
    .number()
    .int()
    .openapi({ description: 'Outbound messages created in the period that reached the provider' }),
  delivered: z.number().int().openapi({ description: 'Of those, reported delivered' }),
  failed: z
    .number()
    .int()
    .openapi({ description: 'Outbound messages created in the period that failed for good' }),
  delivery_rate: z
    .number()
    .nullable()
    .openapi({ description: 'delivered / sent, 0 to 1; null when nothing was sent' }),
};

export const MessageStatsBucket = z
  .object({
    period_start: z.string().openapi({
      description:
        'interval=day: the day (YYYY-MM-DD) in `timezone`; minute and hour: the instant the bucket starts (UTC, ISO 8601), hours aligned to the hour in `timezone`',
    }),
    channel_id: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'With group_by=channel: the channel (null: messages without one)' }),
    ...Counts,
  })
  .openapi('MessageStatsBucket');

export const MessageStats = z
  .object({
    from: z.string().openapi({ description: 'First day of the range (YYYY-MM-DD) in `timezone`' }),
    to: z.string().openapi({ description: 'Last day of the range (YYYY-MM-DD) in `timezone`' }),
    interval: z.enum(INTERVALS),
    timezone: z.string(),
    group_by: z.enum(['channel']).nullable(),
    group_message_id: z.uuid().nullable(),
    totals: z.object(Counts).openapi({ description: 'The whole range' }),
    items: z.array(MessageStatsBucket).openapi({
      description:
        'Every bucket of the range in order (buckets without messages count 0); with group_by=channel, one item per bucket and channel that had messages in the range. With group_message_id and no from/to, the range runs from the broadcast’s start to its last event (or now while it runs)',
    }),
  })
  .openapi('MessageStats');
export type MessageStats = z.infer<typeof MessageStats>;
