import type { Db } from '../db/client.js';
import type { LivePublisher } from '../live/publisher.js';
import type { Logger } from '../observability/logger.js';
import { Batcher } from './batcher.js';
import { type ClaimedMessage, type ClaimRequest, type ClaimResult, claimMessages } from './claim-messages.js';
import type { SendOutcome } from './outcomes.js';
import { writeOutcomes } from './write-outcomes.js';

export type StatusWriterOptions = {
  /** Largest statement: ids per claim, outcomes per write. */
  maxItems?: number;
  /** How long a transition waits for company before it is written alone. */
  maxWaitMs?: number;
  /** Flushes of each kind running at once. */
  maxConcurrent?: number;
  /** Where committed group counters go as live events. */
  live?: LivePublisher | undefined;
};

const WRITE_ATTEMPTS = 3;

/**
 * The send path's writes, batched across the jobs running in this process: claims
 * (queued → sending) go to PostgreSQL as one statement per flush; outcomes (sent with the receipts
 * that came back with the send, failed, permanently_failed, skipped, released, with the group
 * counters) as one transaction per flush, every few milliseconds or N items. Each caller awaits the
 * flush that carried its items.
 */
export class StatusWriter {
  private readonly claims: Batcher<ClaimRequest, ClaimResult>;
  private readonly outcomes: Batcher<SendOutcome, boolean>;

  constructor(db: Db, logger: Logger, options: StatusWriterOptions = {}) {
    const batching = {
      maxItems: options.maxItems ?? 500,
      maxWaitMs: options.maxWaitMs ?? 5,
      maxConcurrent: options.maxConcurrent ?? 3,
    };
    this.claims = new Batcher((requests) => claimMessages(db, requests), batching);
    // An outcome is the record of a provider call that already happened: a brief database hiccup
    // must not lose it (the message would stay `sending`), so its write is tried a few times.
    this.outcomes = new Batcher(
      (items) => withRetries(() => writeOutcomes(db, items, options.live), logger, 'send outcomes'),
      batching,
    );
  }

  /**
   * Claims messages for sending; only the `claimed` ones may be sent. `capped` are those refused
   * because their contact reached the account's frequency cap (still waiting: the caller skips them).
   */
  async claim(
    requests: ClaimRequest[],
  ): Promise<{ claimed: Map<string, ClaimedMessage>; capped: Set<string> }> {
    const results = await this.claims.addMany(requests);
    const claimed = new Map<string, ClaimedMessage>();
    const capped = new Set<string>();
    results.forEach((c, i) => {
      if (c === 'frequency_capped') capped.add(requests[i]!.id);
      else if (c !== null) claimed.set(c.id, c);
    });
    return { claimed, capped };
  }

  /** Writes outcomes; resolves with, per outcome, whether it applied. */
  record(outcomes: SendOutcome[]): Promise<boolean[]> {
    return this.outcomes.addMany(outcomes);
  }

  /** Writes everything still waiting. */
  async drain(): Promise<void> {
    await Promise.all([this.claims.drain(), this.outcomes.drain()]);
  }
}

async function withRetries<T>(write: () => Promise<T>, logger: Logger, what: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= WRITE_ATTEMPTS) throw error;
      // Name and SQLSTATE only: a query error's message can carry its parameters.
      logger.warn(
        { err: (error as Error).name, code: sqlState(error), attempt },
        `writing ${what} failed; retrying`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** The SQLSTATE of a query error (drizzle wraps pg's error as `cause`). */
export function sqlState(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = cause?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
