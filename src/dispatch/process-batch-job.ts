import type { Job } from 'bullmq';
import { JOBS } from '../queues/catalog.js';
import { channelHold, channelRefusal, postponeJob, tokensFor } from './channel-gate.js';
import { deliverMessages, recordOutcomes } from './deliver-messages.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { noteChannelDeleted } from './fanout/fanout-state.js';
import { loadPendingMessages } from './load-messages.js';
import type { SendOutcome } from './outcomes.js';
import { type PreparedMessage, prepareMessages } from './prepare-messages.js';

/**
 * A `send-batch` job (bulk lane): up to 100 messages of one group on one channel. Contacts load in
 * one query, bodies render from the group's template (compiled once), and the batch is sent in
 * rate-limit takes of at most half the bulk lane's share of a window (segments counted). When the
 * limiter refuses, the job keeps only the ids not yet sent and goes back to the delayed set.
 */
export async function processBatchJob(
  deps: DispatchDeps,
  job: Job,
  token: string | undefined,
): Promise<void> {
  const data = JOBS['send-batch'].payload.parse(job.data);
  const { accountId, groupMessageId, channelId } = data;
  // Before any database work: while the API or single messages are slowed down, broadcasts wait here.
  await deps.governor?.admit(data.messageIds.length);
  const group = await deps.render.group(accountId, groupMessageId);
  // A cancel moved the group's waiting messages to cancelled itself; nothing here may reach a provider.
  if (!group || group.status === 'cancelled') return;
  // A failed message whose retry is not due belongs to its retry job, not to this one.
  const dueBy = Date.now() + 1_000;
  const rows = (await loadPendingMessages(deps.db, accountId, data.messageIds)).filter(
    (r) =>
      r.groupMessageId === groupMessageId &&
      r.channelId === channelId &&
      !(r.status === 'failed' && r.nextAttemptAt && r.nextAttemptAt.getTime() > dueBy),
  );
  if (rows.length === 0) return;

  const channel = await deps.channels.get(channelId, accountId);
  const refusal = channelRefusal(channel);
  if (refusal || !channel) {
    const error = refusal ?? channelRefusal(null)!;
    const outcomes: SendOutcome[] = rows.map((r) => ({
      kind: 'permanently_failed',
      id: r.id,
      accountId,
      groupMessageId,
      attempt: null,
      error,
    }));
    await recordOutcomes(deps, { channelType: channel?.channelType ?? 'unknown' }, outcomes);
    if (!channel) await noteChannelDeleted(deps.db, [groupMessageId]);
    return;
  }

  const hold = channelHold(channel);
  if (hold !== null) await postponeJob(job, token, Date.now() + hold);
  // The frequency cap is counted before the claim only when the broadcast's send_rate tokens are
  // taken before it: else the claim's own count is the only one needed.
  const preparations = await prepareMessages(rows, channel, deps.render, {
    earlyCap: group.sendRate !== null,
  });
  const settled = preparations.flatMap((p) => ('outcome' in p ? [p.outcome] : []));
  const sendable = preparations.flatMap((p) => ('send' in p ? [p.send] : []));
  const applied = await recordOutcomes(deps, channel, settled);
  await enqueueDeferred(
    deps,
    channelId,
    settled.filter((o, i) => applied[i] && o.kind === 'deferred'),
    job.id,
  );

  // The broadcast's own send_rate (messages/s) applies beside the channel's limit (segments/s).
  const pace = group.sendRate ? { groupId: groupMessageId, sendRate: group.sendRate } : undefined;
  const chunks = chunkByTokens(
    sendable,
    channel.rateLimit ? deps.limiter.bulkTakeSize(channel.rateLimit) : null,
    pace ? Math.max(1, Math.floor(pace.sendRate / 2)) : null,
  );
  for (const [index, chunk] of chunks.entries()) {
    const tokens = tokensFor(
      channel,
      chunk.reduce((sum, p) => sum + p.segments, 0),
    );
    let ready = await deps.limiter.peek(channel.id, channel.rateLimit, tokens, 'bulk');
    if (ready.granted && pace)
      ready = await deps.limiter.takeForBroadcast(groupMessageId, pace.sendRate, chunk.length, true);
    const refused = ready.granted ? await deliverMessages(deps, channel, chunk, 'bulk', pace) : ready;
    if (refused) {
      // Keep only what is not sent yet, and come back when the limiter says.
      const remaining = chunks.slice(index).flatMap((c) => c.map((p) => p.message.id));
      await job.updateData({ ...data, messageIds: remaining });
      await postponeJob(job, token, Date.now() + refused.waitMs);
    }
  }
}

/**
 * One delayed `send-batch` job per time the messages were deferred to (quiet hours' opening, a local
 * send time); the job id names the group, the first message and the time, so a replay adds nothing.
 * A job that ran before its time (another process's clock) defers to a job of its own name: the
 * next one gets a fresh name, or the add would be ignored and the messages left without a job.
 */
async function enqueueDeferred(
  deps: DispatchDeps,
  channelId: string,
  deferred: SendOutcome[],
  currentJobId: string | undefined,
): Promise<void> {
  const byOpening = new Map<number, Extract<SendOutcome, { kind: 'deferred' }>[]>();
  for (const o of deferred) {
    if (o.kind !== 'deferred') continue;
    const at = o.until.getTime();
    byOpening.set(at, [...(byOpening.get(at) ?? []), o]);
  }
  for (const [at, batch] of byOpening) {
    const first = batch[0]!;
    const jobId = `quiet:${first.groupMessageId}:${first.id}.${at}`;
    await deps.queues.enqueue(
      'send-batch',
      {
        groupMessageId: first.groupMessageId!,
        accountId: first.accountId,
        channelId,
        messageIds: batch.map((o) => o.id),
      },
      {
        jobId: jobId === currentJobId ? `${jobId}.${Date.now()}` : jobId,
        delay: Math.max(0, at - Date.now()),
      },
    );
  }
}

/**
 * Splits a batch into rate-limit takes of at most `cap` segments and `messageCap` messages (everything
 * at once when both are null: an unlimited channel, no send_rate). A message larger than `cap` goes alone.
 */
export function chunkByTokens(
  prepared: PreparedMessage[],
  cap: number | null,
  messageCap: number | null = null,
): PreparedMessage[][] {
  if (!cap && !messageCap) return prepared.length > 0 ? [prepared] : [];
  const chunks: PreparedMessage[][] = [];
  let current: PreparedMessage[] = [];
  let used = 0;
  for (const p of prepared) {
    const full =
      (cap !== null && used + p.segments > cap) || (messageCap !== null && current.length >= messageCap);
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(p);
    used += p.segments;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
