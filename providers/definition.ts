import { z } from 'zod';
import type { CHANNEL_TYPES } from '../src/db/schema/channels.js';
import type { ChannelProvider, InboundMessage, ProviderId, StatusEvent } from './types.js';

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
  /**
   * Given in a worker process that keeps the channel's sessions (the `send` role): a session
   * provider connects at once, stays connected, and reports what arrives over the session through
   * `hooks`. Absent for one-shot uses (verify, webhook checks): then no session is kept.
   */
  session?: ProviderSession | undefined;
  /** State shared by every process about this channel's sessions (Redis); given wherever Redis is at hand. */
  sessionStore?: SessionStore | undefined;
  /**
   * A signed one-click unsubscribe URL (RFC 8058) for an address on this channel, under
   * PUBLIC_BASE_URL: a POST to it records the opt-out. For bulk mail's `List-Unsubscribe`.
   */
  unsubscribeUrl?: ((address: string) => string) | undefined;
};

/** What a session provider reports to the platform, from the worker process holding the session. */
export type SessionHooks = {
  /**
   * Receipts that arrived over the session: they go through the same inbox and receipt path as
   * receipt webhooks (a receipt before its send is recorded waits, never lost). Resolves once they
   * are stored, so the provider may acknowledge them.
   */
  receipts(events: StatusEvent[]): Promise<void>;
  /** Messages received over the session, stored like inbound webhooks; resolves once stored. */
  inbound(messages: InboundMessage[]): Promise<void>;
  /** The session came up (`connected`), was lost (`disconnected`), or was refused (`error`, with the provider's words). */
  status(status: 'connected' | 'disconnected' | 'error', errorMessage?: string): void;
  /** The provider said to slow down: every process pauses the channel for `pauseMs`. */
  throttled(pauseMs: number): void;
};

export type ProviderSession = { hooks: SessionHooks };

/** A channel's session state shared across worker processes (kept in Redis, per channel). */
export interface SessionStore {
  /**
   * Takes (or renews) `slots` leases for `holder` among at most `max` live ones for the channel;
   * false when the others hold too many. A lease not renewed within `ttlMs` expires.
   */
  acquire(holder: string, slots: number, max: number, ttlMs: number): Promise<boolean>;
  /** Gives back the holder's leases and its `up` mark. */
  release(holder: string): Promise<void>;
  /**
   * Marks the holder's session up or down (expiring after `ttlMs`); returns how many holders are up
   * (only those whose name starts with `prefix`, when given).
   */
  markUp(holder: string, up: boolean, ttlMs: number, prefix?: string): Promise<number>;
  /**
   * Keeps part `index` (1-based) of a whole in `total` parts under `key`; once every part has
   * arrived, returns them in order, to exactly one caller (a repeated part changes nothing), and
   * forgets them. Parts not completed within `ttlMs` are dropped.
   */
  collectPart(
    key: string,
    index: number,
    total: number,
    part: string,
    ttlMs: number,
  ): Promise<string[] | null>;
}

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
  /** Whether messages on this provider may carry `media_url` (contract: Rich content); else 422. */
  media: boolean;
  /**
   * The provider delivers events by GET with query parameters (MessageBird's SMS status reports;
   * Vonage lets the account choose GET, POST or POST-JSON):
   * a GET is then authenticated and parsed like a POST. Without it, GET is only a handshake
   * (`webhookChallenge`) or 405.
   */
  eventsByGet?: boolean;
  /**
   * Templates approved with the provider (WhatsApp): a template of this channel type with an
   * `external_template_id` is sent by name, with its variables as parameters (`OutboundMessage.template`).
   */
  templates?: boolean;
  /**
   * Free-form messages only within `hours` of the recipient's last inbound message on the channel
   * (WhatsApp's customer service window, Messenger's standard messaging window): outside it the send
   * path fails them with `outside_session_window` before any provider call, unless `allowsOutside`
   * says the channel's config can send them anyway (a Messenger message tag). Template messages are
   * not concerned.
   */
  sessionWindow?: { hours: number; allowsOutside?: (config: z.output<K>) => boolean };
  /**
   * A session provider (SMPP binds): the `send` role keeps an adapter, and so a session, open for
   * every enabled channel of it, so receipts and inbound messages arrive without any send.
   */
  sessions?: boolean;
  /**
   * The adapter receives over a session of its own (`listen()`, e.g. an IMAP mailbox): the
   * `webhooks` role keeps one listener per enabled channel across all processes.
   */
  listens?: boolean;
  create(context: ProviderContext<z.output<S>, z.output<K>>): ChannelProvider;
};

/** Keeps a definition's own schema types for its factory while fitting the registry's common type. */
export function defineProvider<S extends ObjectSchema, K extends ObjectSchema>(
  definition: ProviderDefinition<S, K>,
): ProviderDefinition {
  return definition as unknown as ProviderDefinition;
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
