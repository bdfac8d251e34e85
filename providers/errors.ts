import { ProviderError, type ProviderErrorDetails } from '../src/errors.js';

/**
 * The classes every provider failure falls into. An adapter maps its vendor's codes onto these
 * (an error table per provider, see providers/http/error-table.ts); the send path acts on the class
 * only: retry, give up, pause the channel, stop the channel, record an opt-out.
 */
export const PROVIDER_ERROR_KINDS = {
  // Permanent, for this message only.
  invalid_address: { retryable: false, channelFault: false },
  unreachable: { retryable: false, channelFault: false },
  /** The recipient opted out with the provider (Twilio 21610): permanent, and recorded in opt_outs. */
  opted_out: { retryable: false, channelFault: false },
  blocked: { retryable: false, channelFault: false },
  content_rejected: { retryable: false, channelFault: false },
  outside_session_window: { retryable: false, channelFault: false },
  sender_invalid: { retryable: false, channelFault: false },
  rejected: { retryable: false, channelFault: false },
  // Permanent for the whole channel: it goes to `error` and holds its messages until verified again.
  credentials_invalid: { retryable: false, channelFault: true },
  insufficient_balance: { retryable: false, channelFault: true },
  account_inactive: { retryable: false, channelFault: true },
  host_not_allowed: { retryable: false, channelFault: true },
  /** Our side of the channel: credentials sealed under a key this process lacks, stored settings that no longer fit. */
  credentials_unreadable: { retryable: false, channelFault: true },
  channel_settings_invalid: { retryable: false, channelFault: true },
  // Throttling: the whole channel pauses (Retry-After honoured), the message is retried.
  rate_limited: { retryable: true, channelFault: false },
  // Transient: the message is retried with backoff.
  provider_unavailable: { retryable: true, channelFault: false },
  provider_timeout: { retryable: true, channelFault: false },
  provider_connection_failed: { retryable: true, channelFault: false },
  provider_bad_response: { retryable: true, channelFault: false },
  /**
   * Too many messages to one recipient (WhatsApp's pair rate limit): retried with backoff like a
   * transient fault, while the channel goes on sending to everyone else.
   */
  recipient_rate_limited: { retryable: true, channelFault: false },
  /**
   * A session provider holds no session in this worker process (the channel's `max_binds` are all
   * held by other processes): the message goes back unsent (attempt not counted) and its job comes
   * back shortly, when another process may take it.
   */
  session_unavailable: { retryable: true, channelFault: false },
} as const satisfies Record<string, { retryable: boolean; channelFault: boolean }>;

export type ProviderErrorKind = keyof typeof PROVIDER_ERROR_KINDS;

/** Builds the ProviderError of a kind: its `code` is the kind's name, `retryable` follows the kind. */
export function providerError(
  kind: ProviderErrorKind,
  message: string,
  extra: ProviderErrorDetails & { retryAfterMs?: number | undefined } = {},
): ProviderError {
  const { retryAfterMs, ...details } = extra;
  return new ProviderError(message, PROVIDER_ERROR_KINDS[kind].retryable, kind, retryAfterMs, details);
}

/** True when the error means the channel itself cannot send (bad credentials, no balance, suspended). */
export function isChannelFault(error: ProviderError): boolean {
  const kind = PROVIDER_ERROR_KINDS[error.code as ProviderErrorKind];
  return kind?.channelFault === true;
}
