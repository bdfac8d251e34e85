import type { ChannelStatusEvent } from './receipts.js';

/** What `error_details` holds for a failed, permanently failed or skipped message (no bodies, no addresses). */
export type ErrorDetails = {
  code: string;
  message: string;
  retryable?: boolean;
  /** Retries still allowed in this round of attempts (a redrive starts a new round). */
  retries_left?: number;
  /** Why a message was skipped or given up: `retries_exhausted`, `skip_contact`, `no_address`, ... */
  reason?: string;
  missing_variables?: string[];
  /** The provider's own code, words and HTTP status (ProviderError.details). */
  provider_code?: string;
  provider_message?: string;
  http_status?: number;
};

type Base = { id: string; accountId: string; groupMessageId: string | null };

/**
 * The end of one attempt (or of a message that was never claimed). `attempt` is the attempt number
 * returned by the claim; `null` marks a message written straight from queued/failed/scheduled.
 */
export type SendOutcome =
  | (Base & {
      kind: 'sent';
      attempt: number;
      providerMessageId: string;
      segments: number;
      /** The rendered body, stored so the user sees what was sent; null keeps the stored body. */
      body: string | null;
      subject: string | null;
      sentAt: Date;
      /** Receipts the provider returned with the send (the sandbox reports delivery at once). */
      receipts?: ChannelStatusEvent[] | undefined;
      /** Provider ids of every part of a message the provider took as several (SMPP). */
      parts?: string[] | undefined;
    })
  | (Base & { kind: 'failed'; attempt: number; error: ErrorDetails; nextAttemptAt: Date })
  | (Base & { kind: 'permanently_failed'; attempt: number | null; error: ErrorDetails })
  | (Base & { kind: 'skipped'; error: ErrorDetails })
  // Not sent now (quiet hours in the recipient's zone, or the broadcast's local send time not reached
  // there yet: `waiting`): back to `scheduled` until `until`, unclaimed.
  | (Base & { kind: 'deferred'; until: Date; waiting?: 'local_send_time' })
  // A claim given back unsent (the limiter refused after the claim): the status it was claimed
  // from comes back and the attempt is not counted.
  | (Base & { kind: 'released'; attempt: number; previousStatus: 'queued' | 'failed' | 'scheduled' });

export type OutcomeKind = SendOutcome['kind'];
