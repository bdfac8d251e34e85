import type { ProviderId } from '../../../providers/types.js';

/** A fault a peer plays on the next send(s), in its own API's terms. */
export type Fault =
  | { kind: 'invalid_address' }
  | { kind: 'opted_out' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'bad_credentials' }
  | { kind: 'insufficient_balance' }
  | { kind: 'server_error'; retryAfterSeconds?: number }
  | { kind: 'html_page' }
  | { kind: 'reset' }
  | { kind: 'hang' };
export type FaultKind = Fault['kind'];

/** The faults a test asked a peer to play (`failNext`), each on the next `times` sends, in order. */
export class FaultPlan {
  private queue: { fault: Fault; left: number }[] = [];

  add(fault: Fault, times = 1): void {
    this.queue.push({ fault, left: times });
  }

  clear(): void {
    this.queue = [];
  }

  /** The fault for this send, if any (used up after its `times`). */
  take(): Fault | undefined {
    const next = this.queue[0];
    if (!next) return undefined;
    next.left -= 1;
    if (next.left <= 0) this.queue.shift();
    return next.fault;
  }
}

/** A send as the peer received it, normalized for the shared cases. */
export type ReceivedSend = {
  to: string;
  body: string;
  mediaUrl?: string | undefined;
  providerMessageId: string;
  at: number;
  /** The vendor's own fields, for provider-specific assertions. */
  fields: Record<string, unknown>;
};

/** A webhook as the provider would deliver it to one of the channel's URLs. */
export type WebhookCall = {
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body: string;
  /**
   * For an inbound message, the provider message id the platform must record when it is not the
   * id the case gave (Telegram's ids are per chat: `<chat id>:<message id>`).
   */
  providerMessageId?: string | undefined;
};

/** The channel as the API shows it (what the peer needs to address webhooks). */
export type ChannelView = { id: string; webhook_urls: { status?: string; inbound?: string } };

/**
 * A local server speaking one provider's public API on loopback, written from that provider's API
 * reference: its paths, its authentication, its bodies and error shapes, and its webhook signing.
 * The contract suite (tests/providers/contract.ts) runs the same cases over every peer.
 */
export interface ProviderPeer {
  readonly provider: ProviderId;
  /** What the shared cases can exercise on this provider. */
  readonly supports: {
    /** Outbound sends through the peer (false for the sandbox, which has no remote end). */
    send: boolean;
    /** Delivery receipts by webhook. */
    receipts: boolean;
    /** Read receipts (`read` kept in metadata). */
    read: boolean;
    /** Faults the peer can play. */
    faults: readonly FaultKind[];
    /**
     * Webhooks are authenticated by a secret the platform registers when it verifies the channel
     * (Telegram's `setWebhook` secret_token): the cases verify each channel before using it.
     */
    verifyRegistersWebhook?: boolean;
    /**
     * Free-form messages reach only recipients who wrote within the provider's window (WhatsApp,
     * Messenger): the shared cases first deliver an inbound webhook from each recipient.
     */
    sessionWindow?: boolean;
    /** Receipts can report a failed delivery (default true; Messenger has no such webhook). */
    failedReceipts?: boolean;
    /**
     * Receipts and inbound messages arrive by HTTP webhook (default true). False for session
     * providers (SMPP deliver_sm): the inbound and webhook-security cases are not registered, and
     * the provider's own tests cover what arrives over the session.
     */
    webhooks?: boolean;
  };
  /** The contact field holding this provider's addresses (default `phone`). */
  readonly addressField?: 'phone' | 'telegram_chat_id' | 'messenger_psid';
  /** The body of `POST /v1/channels` for a channel pointed at this peer (`config.base_url`). */
  channelBody(): Record<string, unknown>;
  /** The n-th recipient address in the provider's terms (a phone, a chat id). */
  recipient(n: number): string;
  /** An inbound sender's address, as the provider reports it. */
  sender(n: number): string;
  /** Sends received so far, in order. */
  readonly sent: ReceivedSend[];
  /** Requests of any kind received so far (sends, verifies, failed ones). */
  readonly requests: number;
  /** TCP connections the peer accepted so far. */
  readonly connections: number;
  /** Plays `fault` on the next `times` requests (Infinity: until `clearFaults`). */
  failNext(fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Runs before the peer answers a send (a receipt that overtakes the send's answer). */
  beforeAnswer(hook: ((send: ReceivedSend) => Promise<void>) | undefined): void;
  /** The receipt webhook for a message this peer accepted. */
  receipt(
    channel: ChannelView,
    providerMessageId: string,
    status: 'delivered' | 'failed' | 'read',
  ): WebhookCall;
  /** A receipt with a vendor status word we do not know. */
  unknownReceipt(channel: ChannelView, providerMessageId: string): WebhookCall;
  /** The webhook of an inbound message. */
  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall;
  /** A correctly authenticated inbound webhook whose body is not one (missing sender or id). */
  malformedInbound(channel: ChannelView): WebhookCall;
  /** The same call with a signature (or secret) that is not the provider's. */
  forge(call: WebhookCall): WebhookCall;
  close(): Promise<void>;
}
