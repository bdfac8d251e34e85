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

export const MessageStatsQuery = z
  .object({
    from: date('First day (inclusive), in `timezone`'),
    to: date('Last day (inclusive), in `timezone`'),
    interval: z.enum(['day']).default('day').openapi({ description: 'Bucket size' }),
    group_by: z.enum(['channel']).optional().openapi({ description: 'Also split each day by channel' }),
    timezone: z.string().max(64).refine(isTimeZone, 'is not an IANA time zone').optional().openapi({
      description: "IANA time zone the days are in; default: the account's",
      example: 'Africa/Addis_Ababa',
    }),
  })
  .superRefine((q, ctx) => {
    if (!DATE.test(q.from) || !DATE.test(q.to)) return;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_RANGE_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range may cover at most ${MAX_RANGE_DAYS} days`,
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
    period_start: z.string().openapi({ description: 'The day (YYYY-MM-DD) in `timezone`' }),
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
    from: z.string(),
    to: z.string(),
    interval: z.enum(['day']),
    timezone: z.string(),
    group_by: z.enum(['channel']).nullable(),
    totals: z.object(Counts).openapi({ description: 'The whole range' }),
    items: z.array(MessageStatsBucket).openapi({
      description:
        'Every day of the range in order (days without messages count 0); with group_by=channel, one item per day and channel that had messages in the range',
    }),
  })
  .openapi('MessageStats');
export type MessageStats = z.infer<typeof MessageStats>;
