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
};

export type SendResult = {
  providerMessageId: string;
  /** Billable parts as the provider counted them, when it says. */
  segments?: number | undefined;
  /** Receipts already known when the send returns (the sandbox reports delivery at once). */
  receipts?: StatusEvent[] | undefined;
  /**
   * The provider ids of every part, in order, when the provider split the message and reports the
   * delivery of each part on its own (Vonage's SMS API); `providerMessageId` is the first. The
   * message is then delivered once every part is, and failed as soon as any part is.
   */
  parts?: string[] | undefined;
};

/** The outcome of a credentials check. */
export type VerifyResult =
  | { status: 'connected'; detail?: string | undefined }
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
   * One part of a long message the provider delivers in pieces (Vonage's `concat-*`): the parts
   * sharing `group` (unique per sender, e.g. sender and reference) are stored as one message once
   * all `total` have arrived, their bodies joined in `number` order.
   */
  part?: { group: string; number: number; total: number } | undefined;
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
}
