import { z } from 'zod';
import type { CHANNEL_TYPES } from '../src/db/schema/channels.js';
import { NotImplementedError, ProviderError } from '../src/errors.js';
import type { ChannelProvider, ProviderId } from './types.js';

export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type WebhookKind = 'status' | 'inbound';

/** What a factory receives to build the adapter of one channel. */
export type ProviderContext<C, K> = {
  channelId: string;
  /** Decrypted and validated; never logged. */
  credentials: C;
  config: K;
  senderName: string | null;
  /** `config.base_url` when PROVIDER_BASE_URL_OVERRIDE allows it; otherwise the vendor's own URL applies. */
  baseUrl: string | undefined;
  /** PROVIDER_PRIVATE_HOSTS: whether hosts resolving to private addresses may be reached (checked at connect). */
  allowPrivateHosts: boolean;
  /** This channel's public webhook URLs by purpose (Twilio's per-message StatusCallback uses `status`). */
  webhookUrls: Partial<Record<WebhookKind, string>>;
};

// Only objects: masking and field paths assume flat, named fields.
type ObjectSchema = z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>;

/** One provider: how its credentials and config are validated, its webhooks, and its adapter factory. */
export type ProviderDefinition<
  S extends ObjectSchema = ObjectSchema,
  K extends ObjectSchema = ObjectSchema,
> = {
  id: ProviderId;
  channelType: ChannelType;
  credentials: S;
  config: K;
  /** HTTP providers take `config.base_url` (sandboxes, regional endpoints, local test servers). */
  acceptsBaseUrl: boolean;
  /** Webhook paths after `/v1/webhooks/<provider>/<token>`, by purpose ('' is the bare URL). */
  webhooks: Partial<Record<WebhookKind, string>>;
  /**
   * The vendor may deliver its webhooks by GET, their fields in the query string (Vonage's SMS API
   * lets the account choose GET, POST or POST-JSON): a GET is then handled like a POST. Otherwise a
   * GET is only a subscription handshake (`webhookChallenge`) or 405.
   */
  webhookGet?: boolean;
  /** Whether messages on this provider may carry `media_url` (contract: Rich content); else 422. */
  media: boolean;
  create(context: ProviderContext<z.output<S>, z.output<K>>): ChannelProvider;
};

/** Keeps a definition's own schema types for its factory while fitting the registry's common type. */
export function defineProvider<S extends ObjectSchema, K extends ObjectSchema>(
  definition: ProviderDefinition<S, K>,
): ProviderDefinition {
  return definition as unknown as ProviderDefinition;
}

/** The adapter of a provider whose integration has not landed: verify answers 501, send fails permanently. */
export function pendingAdapter(id: ProviderId): ChannelProvider {
  const message = `The ${id} provider adapter is not implemented yet`;
  return {
    async send() {
      throw new ProviderError(message, false, 'provider_not_implemented');
    },
    async verify() {
      throw new NotImplementedError(message);
    },
  };
}

/** `config.base_url` of HTTP providers; whether it is allowed is decided by PROVIDER_BASE_URL_OVERRIDE. */
export const baseUrlField = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2000)
  .optional();

/** `config.timeout_ms` of HTTP providers: the deadline of one provider call (default 10 s). */
export const timeoutField = z.number().int().min(100).max(30_000).optional();

export const E164 = /^\+[1-9]\d{6,14}$/;
/** A phone number in E.164 or an alphanumeric sender id (at most 11 characters, GSM rules). */
export const smsSenderField = z
  .string()
  .regex(/^(?:\+[1-9]\d{6,14}|\d{3,15}|[A-Za-z0-9 ._-]{1,11})$/, {
    error: 'must be an E.164 number, a short code or an alphanumeric sender id of at most 11 characters',
  })
  .optional();

export const hostField = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'must be a host name or IP address' });
export const portField = z.number().int().min(1).max(65535);
/** A Graph API version such as `v21.0` (WhatsApp Cloud API, Messenger). */
export const graphVersionField = z
  .string()
  .regex(/^v\d+\.\d+$/, { error: 'must look like v21.0' })
  .default('v21.0');

/** A secret string: bounded, no surrounding whitespace (a pasted newline would fail auth silently). */
export const secretField = (min = 1, max = 512) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((v) => v.trim() === v, { error: 'must not start or end with whitespace' });
