/**
 * The one interface every provider adapter implements. Only these types cross the `providers/`
 * boundary: no vendor SDK or payload type leaks out.
 */

export const PROVIDER_IDS = [
  'twilio',
  'africastalking',
  'vonage',
  'messagebird',
  'smpp',
  'telegram',
  'whatsapp',
  'messenger',
  'email',
  'sandbox',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Providers of the `sms` channel type; every other channel type is served by the provider of its name. */
export const SMS_PROVIDERS = ['twilio', 'africastalking', 'vonage', 'messagebird'] as const;
export type SmsProviderId = (typeof SMS_PROVIDERS)[number];

/** A message handed to a provider: ids and the rendered content, never credentials. */
export type OutboundMessage = {
  /** Our message id; adapters pass it where the vendor echoes a client reference. */
  messageId: string;
  /** The delivery address: E.164 phone, email address, Telegram chat id or Messenger PSID. */
  to: string;
  body: string;
  /** Email only. */
  subject?: string | undefined;
  /** Overrides the channel's sender (from number, sender id, from address) for this message. */
  from?: string | undefined;
  /** 1 for the first attempt; adapters that accept an idempotency key derive it from id + attempt. */
  attempt: number;
  /** An https URL of media to send with the body; only given to providers whose definition has `media`. */
  mediaUrl?: string | undefined;
  /**
   * A template approved with the provider, sent by name instead of `body` (WhatsApp): only given to
   * providers whose definition has `templates`. `body` still holds our rendering of it.
   */
  template?: ProviderTemplate | undefined;
  /**
   * For providers with a session window (definition `sessionWindow`): whether the recipient wrote to
   * the channel within it. A free-form message outside it reaches the adapter only when the
   * definition allows it (a Messenger message tag); undefined for template messages and elsewhere.
   */
  sessionOpen?: boolean | undefined;
  /** True for a broadcast's message (bulk mail carries List-Unsubscribe); false or absent for a single send. */
  bulk?: boolean | undefined;
};

/** A provider-side template: its approved name, its language, and its parameters in order. */
export type ProviderTemplate = {
  name: string;
  /** The provider's language code (`en_US`). */
  language: string;
  /** The values of the template's variables, in order of first use in our copy of its body. */
  parameters: string[];
};

/** Normalized delivery states; a vendor state with no equivalent maps to `unknown`. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'unknown';

/** A delivery receipt, normalized. */
export type StatusEvent = {
  providerMessageId: string;
  status: DeliveryStatus;
  occurredAt: Date;
  /** The vendor's own status word, for troubleshooting. */
  providerStatus?: string | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  /**
   * A failure the provider's code names as one of ours (WhatsApp 131047 reported by webhook:
   * `outside_session_window`): the message's `error_details.code`, instead of `delivery_failed`.
   */
  failureCode?: 'outside_session_window' | undefined;
  /**
   * A watermark receipt (Messenger reads, and deliveries without message ids): every message of the
   * channel to `recipient` sent at or before `upTo` has this status. `providerMessageId` is then
   * only the event's own key (for deduplication), not a message's id.
   */
  watermark?: { recipient: string; upTo: Date } | undefined;
  /**
   * The provider says the address can never receive (an email hard bounce) or will not (the recipient
   * replied STOP: Twilio 21610, Vonage err-code 9, Africa's Talking UserInBlackList): besides failing
   * the message, the address is recorded in `opt_outs` (source `provider`).
   */
  optOut?: boolean | undefined;
};

export type SendResult = {
  providerMessageId: string;
  /** Billable parts as the provider counted them, when it says. */
  segments?: number | undefined;
  /** Receipts already known when the send returns (the sandbox reports delivery at once). */
  receipts?: StatusEvent[] | undefined;
  /**
   * The provider ids of every part, in order, when the provider accepted the message as several
   * (SMPP: one submit_sm per part; Vonage's SMS API: one id per part), each with its own receipt. The message is
   * delivered when every part is reported delivered, failed when any part is reported failed.
   */
  parts?: string[] | undefined;
};

/** The outcome of a credentials check. */
export type VerifyResult =
  | {
      status: 'connected';
      detail?: string | undefined;
      /**
       * Secrets the adapter created while verifying (Telegram's webhook `secret_token`): merged into
       * the channel's stored credentials, sealed with them, never shown (not even masked).
       */
      generatedCredentials?: Record<string, string> | undefined;
    }
  | { status: 'error' | 'rate_limited' | 'disconnected'; errorMessage: string };

/** A message received from a provider. */
export type InboundMessage = {
  providerMessageId: string;
  /** The sender's address in the channel's terms (phone, chat id, PSID, email). */
  from: string;
  fromName?: string | undefined;
  /** The channel address it was sent to, when the provider says. */
  to?: string | undefined;
  body: string;
  subject?: string | undefined;
  /** Media the sender attached, as the provider's URLs. */
  mediaUrls?: string[] | undefined;
  receivedAt: Date;
  /**
   * Provider ids of earlier messages this one answers, nearest first (email `In-Reply-To`, then
   * `References` newest first): the first that is one of ours on the channel is linked as
   * `metadata.in_reply_to_message_id`.
   */
  inReplyTo?: string[] | undefined;
  /**
   * Facts the provider reports about the message, kept in its `metadata` (e.g. email `auto_reply`).
   * `reply` marks a button, list row, quick reply or postback the person tapped (`TappedReply`): its
   * title is not text they typed, so it is never read as a consent keyword (a "Cancel" button).
   */
  metadata?: Record<string, unknown> | undefined;
  /**
   * One part of a long message the provider delivers in pieces (Vonage's `concat-*`): the parts
   * sharing `group` (unique per sender, e.g. sender and reference) are stored as one message once
   * all `total` have arrived, their bodies joined in `number` order.
   */
  part?: { group: string; number: number; total: number } | undefined;
};

/** What a tapped reply keeps in the inbound message's `metadata.reply`: its kind and the business's payload. */
export type TappedReply = {
  kind: 'button' | 'list' | 'quick_reply' | 'postback';
  payload?: string | undefined;
};

/**
 * A recipient who opted out with the provider outside any send (a Telegram user who blocked the
 * bot): recorded in `opt_outs`, source `provider`, for the channel's type.
 */
export type OptOutEvent = {
  /** The vendor's id of the event (Telegram `update_id`): a replayed webhook records nothing new. */
  eventId: string;
  /** The address in the channel's terms (phone, chat id, PSID). */
  address: string;
  /** Why, in the vendor's words (`my_chat_member: kicked`). */
  reason?: string | undefined;
  occurredAt: Date;
};

/** A webhook request as received, before any parsing: adapters check signatures over the raw body. */
export type RawWebhook = {
  method: string;
  /** The full public URL the provider called (Twilio signs it). */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  query: Record<string, string>;
  rawBody: string;
};

export interface ChannelProvider {
  /** Sends one message; throws ProviderError (`retryable` or not) on failure. */
  send(msg: OutboundMessage): Promise<SendResult>;
  /** Checks the credentials with the provider. */
  verify(): Promise<VerifyResult>;
  /** Delivery receipts in a webhook, normalized. */
  parseStatus?(req: RawWebhook): StatusEvent[];
  /** Inbound messages in a webhook. */
  parseInbound?(req: RawWebhook): InboundMessage[];
  /** Opt-outs the provider reports by webhook (parsed from the `inbound` webhook's body). */
  parseOptOuts?(req: RawWebhook): OptOutEvent[];
  /**
   * True when the webhook carries the provider's valid signature or secret. A provider with
   * webhooks must implement it: without it every webhook is refused with 401.
   */
  verifyWebhook?(req: RawWebhook): boolean;
  /** A subscription handshake on GET (Meta's `hub.challenge`): the text to answer, or null (401). */
  webhookChallenge?(req: RawWebhook): string | null;
  /** The body the provider expects in answer to a webhook (Twilio reads TwiML); default an empty 200. */
  webhookReply?(kind: 'status' | 'inbound'): { contentType: string; body: string };
  /** Ends a session (SMPP bind, SMTP pool, IMAP connection). */
  close?(): Promise<void>;
  /**
   * Sends in flight per send job at most (default 32, enough to keep a slow HTTP provider busy, few
   * enough for its pool). A provider that queues sends itself behind its own limit (SMPP's window)
   * takes a whole batch at once: its window, not the job, then sets how many wait for an answer.
   */
  sendConcurrency?: number;
  /**
   * Session providers that receive over a connection of their own (an IMAP mailbox): opens it and
   * keeps it open, reconnecting by itself, handing what arrives to `sink`, until the returned
   * listener is closed. The platform runs at most one listener per channel across all processes.
   */
  listen?(sink: SessionSink): SessionListener;
}

/** Where a session provider's listener reports; the platform stores and applies what it gets. */
export type SessionSink = {
  /**
   * When the channel was created: on its first start a listener takes up what was received from
   * then on (mail that arrived before the session first opened is not lost), nothing older.
   */
  readonly since: Date;
  /**
   * Stores receipts and inbound messages as webhook events are stored (deduplicated, then applied
   * by the `webhooks` role), together with the listener's new `cursor` in one transaction. A
   * listener moves on only once this resolves, so a crash replays rather than loses.
   */
  deliver(batch: { receipts: StatusEvent[]; inbound: InboundMessage[]; cursor: string }): Promise<void>;
  /** Where the listener stopped last time (its own format), or null on its first start. */
  cursor(): Promise<string | null>;
  /**
   * The session's state: the platform writes the channel's `status` (and `channel.status_changed`).
   * `connected` and `disconnected` follow the connection; `error` (credentials refused) stops the
   * channel until it is verified again, and the listener should stop retrying.
   */
  state(state: 'connected' | 'disconnected' | 'error', detail?: string): void;
  /** Diagnostics without personal data (ids, counts, error names). */
  log(level: 'info' | 'warn', fields: Record<string, unknown>, message: string): void;
};

export type SessionListener = {
  close(): Promise<void>;
  /** Settles when the session has ended by itself (after `error`), so the platform can start it again once verified. */
  ended?: Promise<void>;
};
