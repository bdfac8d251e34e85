import type { ProviderError } from '../errors.js';

const MAX_RETRY_DELAY_MS = 3_600_000;

/** Delay before attempt `attempt + 1`: the provider's Retry-After, else retry_interval · 2^(attempt-1), capped at 1 h. */
export function retryDelayMs(retryIntervalSeconds: number, attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) return Math.min(MAX_RETRY_DELAY_MS, retryAfterMs);
  const exponent = Math.min(30, Math.max(0, attempt - 1));
  return Math.min(MAX_RETRY_DELAY_MS, retryIntervalSeconds * 1000 * 2 ** exponent);
}

/**
 * Retries left after a failed attempt. A claim from `queued` or `scheduled` starts a round with the
 * channel's retry_count (a redrive re-queues, so it starts a fresh round); a claim from `failed`
 * continues the round recorded on the message.
 */
export function retriesLeftAfter(
  previousStatus: string,
  recordedRetriesLeft: number | null,
  channelRetryCount: number,
): number {
  if (previousStatus !== 'failed') return channelRetryCount;
  return recordedRetriesLeft ?? 0;
}

/** A provider's "slow down" (HTTP 429, SMPP throttling): pause the channel, not just the message. */
export function isThrottling(error: ProviderError): boolean {
  return error.code === 'rate_limited' || error.retryAfterMs !== undefined;
}
