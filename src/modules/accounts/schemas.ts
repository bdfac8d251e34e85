import { z } from '@hono/zod-openapi';
import { getCountries } from 'libphonenumber-js';

const COUNTRIES = new Set<string>(getCountries());

/** True for IANA zone names the runtime knows (and `UTC`). */
export function isValidTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24-hour)' });

export const QuietHours = z
  .strictObject({ start: ClockTime, end: ClockTime })
  .refine((v) => v.start !== v.end, { message: 'start and end must differ' })
  .openapi('QuietHours', {
    description:
      "Wall-clock window in the recipient's time zone (contact timezone, else the phone number's country when it has one zone, else the account's) in which bulk sends wait; may wrap midnight",
    example: { start: '21:00', end: '08:00' },
  });

export type QuietHours = z.infer<typeof QuietHours>;

export const CountryCode = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine((v) => COUNTRIES.has(v), { message: 'must be an ISO 3166 alpha-2 country code' })
  .openapi({ example: 'ET', description: 'ISO 3166-1 alpha-2; applies to national phone numbers' });

export const Timezone = z
  .string()
  .refine(isValidTimezone, { message: 'must be an IANA time zone such as Africa/Addis_Ababa' })
  .openapi({ example: 'Africa/Addis_Ababa' });

const Keyword = z.string().trim().min(1).max(64);

export const ConsentSettings = z
  .object({
    opt_out_keywords: z
      .array(Keyword)
      .max(50)
      .optional()
      .openapi({
        description:
          'Inbound words that opt the sender out, besides STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT (whole message, any case); a word that is also an opt-in word (START, UNSTOP or one of `opt_in_keywords`) is refused with 422',
        example: ['ACHI', 'ARRET', 'ይቅር'],
      }),
    opt_in_keywords: z
      .array(Keyword)
      .max(50)
      .optional()
      .openapi({
        description:
          'Inbound words that opt the sender back in, besides START and UNSTOP; a built-in opt-out word is refused with 422',
        example: ['ANZA'],
      }),
    opt_out_reply: z.string().trim().max(320).nullable().optional().openapi({
      description:
        'The confirmation sent once on SMS-like channels after an opt-out (null: the default words; empty: none)',
    }),
    opt_in_reply: z.string().trim().max(320).nullable().optional(),
    frequency_cap: z
      .object({
        per_day: z.number().int().min(1).max(1000).nullable().optional(),
        per_week: z.number().int().min(1).max(10_000).nullable().optional(),
      })
      .nullable()
      .optional()
      .openapi({
        description:
          'At most this many broadcast messages per contact per rolling 24 hours / 7 days, across all broadcasts; more are skipped with `frequency_capped`. Single messages are not counted or capped.',
        example: { per_day: 1, per_week: 3 },
      }),
    approval_threshold: z.number().int().min(0).nullable().optional().openapi({
      description:
        'A broadcast to more recipients than this waits in `pending_approval` until a user with `group_messages:approve` other than its creator approves or rejects it (null: no approval step)',
      example: 1000,
    }),
  })
  .openapi('ConsentSettings', {
    description: 'Consent settings of the account; a PATCH replaces only the keys it names',
  });
export type ConsentSettings = z.infer<typeof ConsentSettings>;

export const AccountRateLimit = z
  .strictObject({
    per_second: z
      .number()
      .min(0.1)
      .max(10_000)
      .openapi({ description: 'Tokens added per second', example: 50 }),
    burst: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .openapi({ description: 'Most requests in a row, the bucket size', example: 200 }),
  })
  .openapi('AccountRateLimit', {
    description:
      "Requests each API key of the account, and each user acting in it, may make (token bucket): `burst` in a row, then `per_second`. null: the platform's default (API_RATE_LIMIT_PER_SECOND, API_RATE_LIMIT_BURST). Changing it needs account:manage (extension).",
  });
export type AccountRateLimit = z.infer<typeof AccountRateLimit>;

export const MemberRemovalSettings = z
  .strictObject({
    pause_schedules: z.boolean().openapi({
      description:
        'Pause the active schedules (pending, triggered) the member created; an admin resumes them (POST /v1/scheduled-messages/{id}/resume)',
    }),
    cancel_broadcasts: z.boolean().openapi({
      description:
        'Cancel the broadcasts the member created that are not sending yet (draft, pending_approval, queued); processing ones finish',
    }),
  })
  .openapi('MemberRemovalSettings', {
    description:
      'What happens to what a member created when they are removed from the account, or demoted to a role without scheduled_messages:send (schedules) or group_messages:send (broadcasts). Each step is recorded in the audit log (`scheduled_message.paused`, `group_message.cancelled`). Default: both false, everything keeps running (extension). A PATCH replaces only the keys it names.',
    example: { pause_schedules: true, cancel_broadcasts: false },
  });
export type MemberRemovalSettings = z.infer<typeof MemberRemovalSettings>;

export const Account = z
  .object({
    id: z.uuid(),
    name: z.string(),
    default_country_code: z.string().nullable(),
    timezone: z.string(),
    consent: ConsentSettings,
    quiet_hours: QuietHours.nullable(),
    api_rate_limit: AccountRateLimit.nullable(),
    on_member_removed: MemberRemovalSettings,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Account');
export type Account = z.infer<typeof Account>;

export const AccountCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    default_country_code: CountryCode.nullable().optional(),
    timezone: Timezone.optional(),
  })
  .openapi('AccountCreate');

export const AccountUpdate = AccountCreate.partial()
  .extend({
    consent: ConsentSettings.optional(),
    quiet_hours: QuietHours.nullable().optional(),
    api_rate_limit: AccountRateLimit.nullable().optional(),
    on_member_removed: MemberRemovalSettings.partial().optional(),
  })
  .openapi('AccountUpdate');
