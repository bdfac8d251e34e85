import { sql } from 'drizzle-orm';
import { isChannelFault } from '../../providers/errors.js';
import type { ChannelProvider } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { withDeadline } from '../deadline.js';
import { ProviderError } from '../errors.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import { CHANNEL_HOLD_MS, tokensFor } from './channel-gate.js';
import type { ClaimedMessage } from './claim-messages.js';
import { FREQUENCY_CAPPED, frequencyCapOf, skippedOutcome } from './consent-gate.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { retryBatchJobId } from './fanout/send-batches.js';
import type { ErrorDetails, SendOutcome } from './outcomes.js';
import type { PreparedMessage } from './prepare-messages.js';
import type { Lane, TakeResult } from './rate-limiter.js';
import { recordOptOuts } from './record-opt-outs.js';
import { isThrottling, retriesLeftAfter, retryDelayMs } from './retry-policy.js';

// Provider calls in flight per job: enough to keep a slow HTTP provider busy, few enough for its pool
// (a provider that queues behind a limit of its own says so: `sendConcurrency`).
const SEND_CONCURRENCY = 32;
// Past this the call counts as a retryable failure (the provider may still have accepted it: the
// retry carries the same message id and attempt-derived idempotency key where the provider has one).
const SEND_TIMEOUT_MS = 30_000;

type Attempt = {
  outcome: SendOutcome;
  throttled?: ProviderError;
  /** The provider refused the channel itself (credentials, balance): the channel stops. */
  fault?: ProviderError;
  /** No session of the channel in this process (session providers): given back, tried again soon. */
  elsewhere?: ProviderError;
};

// A message given back because this process holds none of the channel's sessions comes back after
// this, when another process (one holding a session) may take its job.
const ELSEWHERE_WAIT_MS = 1_000;

/**
 * Claims prepared messages of one channel, takes their rate-limit tokens, sends the claimed ones
 * (only those), and records the outcomes: `sent` with provider id, segments and the rendered body; a
 * retryable failure → `failed` plus a delayed retry job (Retry-After honoured), or
 * `permanently_failed` once the round's retries are used up; a permanent failure →
 * `permanently_failed`. Receipts returned with a send go through the receipt path in the same
 * write; a throttling reply pauses the channel. A channel fault (credentials refused, no balance,
 * account suspended) puts the channel in `error` and gives the claims back unsent: the messages wait,
 * `queued`, with their jobs held until the channel is verified again (see `channelHold`). A refusal
 * because the recipient opted out with the provider is recorded in `opt_outs`.
 *
 * The tokens are taken after the claim, right before the provider calls, so the claim's database
 * round trip never sits between a grant and the call: the limit holds where the provider counts
 * it. When the limiter refuses, the claims are given back and the wait is returned for the job to
 * postpone itself (callers `peek` first, so this is the exception, not the rule).
 */
export async function deliverMessages(
  deps: DispatchDeps,
  channel: ChannelRow,
  prepared: PreparedMessage[],
  lane: Lane,
  /** A broadcast's own `send_rate`, taken beside the channel's limit. */
  pace?: { groupId: string; sendRate: number },
): Promise<{ waitMs: number } | null> {
  const account = await deps.render.account(channel.accountId);
  const cap = account?.consent.frequency_cap;
  const { claimed: claims, capped } = await deps.writer.claim(
    prepared.map((p) => ({
      id: p.message.id,
      accountId: p.message.accountId,
      cap: frequencyCapOf(p, cap),
    })),
  );
  if (capped.size > 0) {
    await recordOutcomes(
      deps,
      channel,
      prepared.filter((p) => capped.has(p.message.id)).map((p) => skippedOutcome(p, FREQUENCY_CAPPED)),
    );
  }
  const claimed = prepared.filter((p) => claims.has(p.message.id));
  if (claimed.length === 0) return null;
  // The channel's limit, then the broadcast's own send_rate; a refusal gives the claims back.
  const segments = claimed.reduce((sum, p) => sum + p.segments, 0);
  const refusal = await firstRefusal([
    () =>
      channel.rateLimit
        ? deps.limiter.take(channel.id, channel.rateLimit, tokensFor(channel, segments), lane)
        : null,
    () => (pace ? deps.limiter.takeForBroadcast(pace.groupId, pace.sendRate, claimed.length) : null),
  ]);
  if (refusal) {
    await deps.writer.record(claimed.map((p) => releasedClaim(p, claims.get(p.message.id)!)));
    return { waitMs: refusal.waitMs };
  }

  let adapter: ChannelProvider | undefined;
  let adapterError: ProviderError | undefined;
  try {
    adapter = deps.channels.adapter(channel);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    adapterError = error;
  }
  const groupId = claimed.find((p) => p.message.groupMessageId)?.message.groupMessageId;
  const groupOpen = groupId ? groupOpenCheck(deps.db, groupId) : undefined;
  const attempts = await mapLimit(claimed, adapter?.sendConcurrency ?? SEND_CONCURRENCY, async (p) => {
    const claim = claims.get(p.message.id)!;
    // Cancelled while this chunk was being sent: the rest goes back unsent, and is counted cancelled.
    if (groupOpen && p.message.groupMessageId === groupId && !(await groupOpen())) {
      return { outcome: releasedClaim(p, claim) };
    }
    return adapter
      ? attemptSend(deps, adapter, channel, p, claim)
      : failedAttempt(channel, p, claim, adapterError!);
  });

  const outcomes = attempts.map((a) => a.outcome);
  const applied = await recordOutcomes(deps, channel, outcomes);
  const throttled = attempts.map((a) => a.throttled).filter((e): e is ProviderError => e !== undefined);
  const fault = attempts.find((a) => a.fault)?.fault;
  const elsewhere = attempts.some((a) => a.elsewhere);
  await recordOptOuts(
    deps.db,
    channel,
    claimed.filter((_p, i) => applied[i] && isOptedOut(outcomes[i]!)),
    deps.logger,
  );
  if (fault) {
    await deps.health.faulted(channel, fault);
    await enqueueRetries(
      deps,
      channel,
      outcomes.filter((o, i) => applied[i] && o.kind === 'failed'),
    );
    return { waitMs: CHANNEL_HOLD_MS };
  }
  if (elsewhere) {
    await enqueueRetries(
      deps,
      channel,
      outcomes.filter((o, i) => applied[i] && o.kind === 'failed'),
    );
    return { waitMs: ELSEWHERE_WAIT_MS };
  }
  await Promise.all([
    throttled.length > 0
      ? deps.health.throttled(channel, Math.max(0, ...throttled.map((e) => e.retryAfterMs ?? 0)))
      : outcomes.some((o) => o.kind === 'sent')
        ? deps.health.succeeded(channel)
        : undefined,
    enqueueRetries(
      deps,
      channel,
      outcomes.filter((o, i) => applied[i] && o.kind === 'failed'),
    ),
  ]);
  return null;
}

// How old the answer to "is the broadcast still going" may be when one of its sends starts: a cancel
// stops the sends of a chunk already claimed within this (contract: after cancel, no further message
// of the group reaches a provider). A chunk sent faster than this asks nothing: its claim, which a
// cancel would have prevented, is the first answer.
const GROUP_CHECK_MS = 20;

/** Whether the broadcast is still open (not cancelled), asked at most every GROUP_CHECK_MS. */
function groupOpenCheck(db: Db, groupId: string): () => Promise<boolean> {
  let askedAt = performance.now();
  let answer = Promise.resolve(true);
  return () => {
    const now = performance.now();
    if (now - askedAt >= GROUP_CHECK_MS) {
      askedAt = now;
      answer = db
        .execute<{ status: string }>(sql`SELECT status FROM group_messages WHERE id = ${groupId}`)
        .then((r) => r.rows[0]?.status !== 'cancelled');
    }
    return answer;
  };
}

function releasedClaim(p: PreparedMessage, claim: ClaimedMessage): SendOutcome {
  return {
    kind: 'released',
    id: p.message.id,
    accountId: p.message.accountId,
    groupMessageId: p.message.groupMessageId,
    attempt: claim.attempt,
    previousStatus: claim.previousStatus,
  };
}

/** Writes outcomes through the batched writer and counts them; returns which applied. */
export async function recordOutcomes(
  deps: DispatchDeps,
  channel: { channelType: string },
  outcomes: SendOutcome[],
): Promise<boolean[]> {
  if (outcomes.length === 0) return [];
  const applied = await deps.writer.record(outcomes);
  outcomes.forEach((o, i) => {
    if (applied[i] && o.kind !== 'released') {
      deps.metrics.sends.inc({ channel_type: channel.channelType, outcome: o.kind });
    }
  });
  return applied;
}

async function attemptSend(
  deps: DispatchDeps,
  adapter: ChannelProvider,
  channel: ChannelRow,
  p: PreparedMessage,
  claim: ClaimedMessage,
): Promise<Attempt> {
  const started = performance.now();
  try {
    const result = await withDeadline(
      adapter.send({
        messageId: p.message.id,
        to: p.to,
        body: p.body,
        subject: p.subject ?? undefined,
        attempt: claim.attempt,
        mediaUrl: p.mediaUrl ?? undefined,
        template: p.template ?? undefined,
        sessionOpen: p.sessionOpen,
        bulk: p.message.groupMessageId !== null,
      }),
      SEND_TIMEOUT_MS,
      () => new ProviderError('The provider did not answer in time', true, 'provider_timeout'),
    );
    deps.metrics.providerLatency.observe(
      { channel_type: channel.channelType },
      (performance.now() - started) / 1000,
    );
    const outcome: SendOutcome = {
      kind: 'sent',
      id: p.message.id,
      accountId: p.message.accountId,
      groupMessageId: p.message.groupMessageId,
      attempt: claim.attempt,
      providerMessageId: result.providerMessageId,
      segments: result.segments ?? p.segments,
      body: p.rendered ? p.body : null,
      subject: p.rendered ? p.subject : null,
      sentAt: new Date(),
      receipts: result.receipts?.map((r) => ({ ...r, channelId: channel.id })),
      parts: result.parts && result.parts.length > 1 ? result.parts : undefined,
    };
    return { outcome };
  } catch (error) {
    deps.metrics.providerLatency.observe(
      { channel_type: channel.channelType },
      (performance.now() - started) / 1000,
    );
    const providerError =
      error instanceof ProviderError
        ? error
        : new ProviderError('The provider adapter failed unexpectedly', true, 'provider_exception');
    if (!(error instanceof ProviderError)) {
      deps.logger.warn(
        { channel_id: channel.id, err: (error as Error).name },
        'provider adapter threw a non-provider error',
      );
    }
    return failedAttempt(channel, p, claim, providerError);
  }
}

/** The outcome of an attempt the provider refused (or that could not be made). */
function failedAttempt(
  channel: ChannelRow,
  p: PreparedMessage,
  claim: ClaimedMessage,
  error: ProviderError,
): Attempt {
  const base = {
    id: p.message.id,
    accountId: p.message.accountId,
    groupMessageId: p.message.groupMessageId,
    attempt: claim.attempt,
  };
  if (isChannelFault(error)) {
    // Not the message's fault: it goes back unsent and waits for the channel (attempt not counted).
    return { outcome: { ...base, kind: 'released', previousStatus: claim.previousStatus }, fault: error };
  }
  if (error.code === 'session_unavailable') {
    // Not sent, and not the message's fault: back to where it was, attempt not counted.
    return {
      outcome: { ...base, kind: 'released', previousStatus: claim.previousStatus },
      elsewhere: error,
    };
  }
  const details = errorDetails(error);
  if (!error.retryable) return { outcome: { ...base, kind: 'permanently_failed', error: details } };
  const throttled = isThrottling(error) ? error : undefined;
  const left = retriesLeftAfter(claim.previousStatus, claim.retriesLeft, channel.retryCount);
  if (error.code === 'rate_limited') {
    // The provider asked the channel to slow down: not the message's fault, so the attempt costs no
    // retry and throttling never gives a message up; it is tried again once the pause is over. (An
    // outage that sends Retry-After, a 503, pauses the channel too but spends retries as any fault.)
    // Without Retry-After it comes back after retry_interval, not later with every throttled attempt.
    const delay = retryDelayMs(channel.retryInterval, 1, error.retryAfterMs);
    return {
      outcome: {
        ...base,
        kind: 'failed',
        error: { ...details, retries_left: left },
        nextAttemptAt: new Date(Date.now() + delay),
      },
      throttled: error,
    };
  }
  if (left <= 0) {
    const exhausted = { ...details, retries_left: 0, reason: 'retries_exhausted' };
    return {
      outcome: { ...base, kind: 'permanently_failed', error: exhausted },
      ...(throttled ? { throttled } : {}),
    };
  }
  const delay = retryDelayMs(channel.retryInterval, claim.attempt, error.retryAfterMs);
  return {
    outcome: {
      ...base,
      kind: 'failed',
      error: { ...details, retries_left: left - 1 },
      nextAttemptAt: new Date(Date.now() + delay),
    },
    ...(throttled ? { throttled } : {}),
  };
}

/** `error_details` of a provider failure: our code and words, then the provider's own. */
function errorDetails(error: ProviderError): ErrorDetails {
  const { providerCode, providerMessage, httpStatus } = error.details;
  return {
    code: error.code,
    message: error.message,
    retryable: error.retryable,
    ...(providerCode !== undefined ? { provider_code: providerCode } : {}),
    ...(providerMessage !== undefined ? { provider_message: providerMessage } : {}),
    ...(httpStatus !== undefined ? { http_status: httpStatus } : {}),
  };
}

function isOptedOut(outcome: SendOutcome): boolean {
  return outcome.kind === 'permanently_failed' && outcome.error.code === 'opted_out';
}

/** One delayed job per retry: singles on their lane, broadcast messages in batches on theirs. */
async function enqueueRetries(deps: DispatchDeps, channel: ChannelRow, failed: SendOutcome[]): Promise<void> {
  const batches = new Map<string, Extract<SendOutcome, { kind: 'failed' }>[]>();
  for (const o of failed) {
    if (o.kind !== 'failed') continue;
    if (!o.groupMessageId) {
      await deps.queues.enqueue(
        'send',
        { messageId: o.id, accountId: o.accountId, attempt: o.attempt + 1 },
        { delay: Math.max(0, o.nextAttemptAt.getTime() - Date.now()) },
      );
      continue;
    }
    // A group's messages retried after the same attempt travel together, when the last is due.
    const key = `${o.groupMessageId}/${o.attempt}`;
    batches.set(key, [...(batches.get(key) ?? []), o]);
  }
  for (const batch of batches.values()) {
    const first = batch[0]!;
    const due = Math.max(...batch.map((o) => o.nextAttemptAt.getTime()));
    await deps.queues.enqueue(
      'send-batch',
      {
        groupMessageId: first.groupMessageId!,
        accountId: first.accountId,
        channelId: channel.id,
        messageIds: batch.map((o) => o.id),
      },
      {
        jobId: retryBatchJobId(first.groupMessageId!, first.id, first.attempt + 1),
        delay: Math.max(0, due - Date.now()),
      },
    );
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Asks each limiter in turn; the first refusal, or null when all granted (null: that limit is off). */
async function firstRefusal(takes: (() => Promise<TakeResult> | null)[]): Promise<{ waitMs: number } | null> {
  for (const take of takes) {
    const result = await take();
    if (result && !result.granted) return result;
  }
  return null;
}
