import { z } from '@hono/zod-openapi';
import { PROVIDERS } from '../../../providers/registry.js';
import { PROVIDER_IDS, SMS_PROVIDERS } from '../../../providers/types.js';
import { CHANNEL_STATUSES, CHANNEL_TYPES } from '../../db/schema/channels.js';
import { QuietHours } from '../accounts/schemas.js';

// The OpenAPI description lists each provider's credential fields, straight from the registry.
const credentialFields = PROVIDER_IDS.map((id) => {
  const fields = Object.entries(PROVIDERS[id].credentials.shape).map(([name, schema]) =>
    z.safeParse(schema, undefined).success ? `${name}?` : name,
  );
  return `${id}: ${fields.length > 0 ? fields.join(', ') : '(none)'}`;
}).join('; ');

export const Channel = z
  .object({
    id: z.uuid(),
    name: z.string(),
    channel_type: z.enum(CHANNEL_TYPES),
    provider: z.enum(PROVIDER_IDS),
    credentials: z.record(z.string(), z.string()).openapi({
      description: 'Write-only: each value masked, at most its last 4 characters shown',
      example: { account_sid: '••••9f2c', auth_token: '••••a1b2' },
    }),
    config: z.record(z.string(), z.unknown()),
    sender_name: z.string().nullable(),
    default_country_code: z.string().nullable(),
    rate_limit: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Messages per second across all workers; null: the provider's default" }),
    quiet_hours: QuietHours.nullable().openapi({
      description: "Overrides the account's quiet hours on this channel",
    }),
    priority: z.number().int(),
    retry_count: z.number().int(),
    retry_interval: z.number().int().openapi({ description: 'Seconds (base of the backoff)' }),
    is_enabled: z.boolean(),
    status: z.enum(CHANNEL_STATUSES),
    last_verified_at: z.string().nullable(),
    error_message: z.string().nullable(),
    webhook_urls: z
      .object({ status: z.string().optional(), inbound: z.string().optional() })
      .openapi({ description: 'Give these URLs to the provider (delivery receipts, inbound messages)' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Channel');
export type Channel = z.infer<typeof Channel>;

const settings = {
  sender_name: z.string().trim().min(1).max(100).nullable().optional(),
  default_country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, { error: 'must be an ISO 3166 alpha-2 code' })
    .transform((v) => v.toUpperCase())
    .nullable()
    .optional(),
  rate_limit: z.number().int().min(1).max(100_000).nullable().optional(),
  quiet_hours: QuietHours.nullable().optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  retry_count: z.number().int().min(0).max(10).optional(),
  retry_interval: z.number().int().min(1).max(86_400).optional(),
  is_enabled: z.boolean().optional(),
};

const credentialsInput = z.record(z.string(), z.unknown()).openapi({
  description: `Validated by the provider; stored encrypted and never returned. Fields (? = optional): ${credentialFields}`,
});
const configInput = z.record(z.string(), z.unknown()).openapi({
  description:
    'Provider settings (not secret). `base_url` is accepted on HTTP providers only when PROVIDER_BASE_URL_OVERRIDE is on. Sandbox: { delay_ms, failure_rate, deliver }.',
});

export const ChannelCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    channel_type: z.enum(CHANNEL_TYPES),
    provider: z
      .enum(PROVIDER_IDS)
      .optional()
      .openapi({
        description: `Required for sms (${SMS_PROVIDERS.join(', ')}); otherwise the channel type itself`,
      }),
    credentials: credentialsInput.optional(),
    config: configInput.optional(),
    ...settings,
  })
  .openapi('ChannelCreate');
export type ChannelCreate = z.infer<typeof ChannelCreate>;

export const ChannelUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    credentials: credentialsInput.optional().openapi({
      description: 'Replaces every stored credential (validated); omit to keep them',
    }),
    config: configInput.optional().openapi({
      description: 'Merged key by key into the stored config; a null value removes a key',
    }),
    ...settings,
  })
  .openapi('ChannelUpdate');
export type ChannelUpdate = z.infer<typeof ChannelUpdate>;

export const DeleteChannelQuery = z.object({
  force: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Cancel the broadcasts and schedules that use the channel, then delete it' }),
});
