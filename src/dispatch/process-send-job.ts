import type { Job } from 'bullmq';
import { JOBS } from '../queues/catalog.js';
import { channelHold, channelRefusal, postponeJob, tokensFor } from './channel-gate.js';
import { deliverMessages, recordOutcomes } from './deliver-messages.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { loadPendingMessages } from './load-messages.js';
import { prepareMessages } from './prepare-messages.js';

// A job that runs this much before its message is due (clock skew, early promotion) waits instead.
const EARLY_TOLERANCE_MS = 1_000;

/**
 * A `send` job (single lane): one message. It waits for its time when scheduled or retried later,
 * takes rate-limit tokens on the single lane (the bulk lane leaves a reserve for it), and is put
 * back in the delayed set when the limiter says wait.
 */
export async function processSendJob(deps: DispatchDeps, job: Job, token: string | undefined): Promise<void> {
  const { messageId, accountId } = JOBS.send.payload.parse(job.data);
  const [row] = await loadPendingMessages(deps.db, accountId, [messageId]);
  if (!row) return; // sent, cancelled or deleted meanwhile: a replay changes nothing
  const due =
    row.status === 'scheduled' ? row.scheduledAt : row.status === 'failed' ? row.nextAttemptAt : null;
  if (due && due.getTime() > Date.now() + EARLY_TOLERANCE_MS) await postponeJob(job, token, due.getTime());

  const channel = row.channelId ? await deps.channels.get(row.channelId, accountId) : null;
  const refusal = channelRefusal(channel);
  if (refusal || !channel) {
    const error = refusal ?? channelRefusal(null)!;
    const outcome = {
      kind: 'permanently_failed' as const,
      id: row.id,
      accountId,
      groupMessageId: row.groupMessageId,
      attempt: null,
      error,
    };
    await recordOutcomes(deps, { channelType: channel?.channelType ?? 'unknown' }, [outcome]);
    return;
  }
  const hold = channelHold(channel);
  if (hold !== null) await postponeJob(job, token, Date.now() + hold);
  const [prepared] = await prepareMessages([row], channel, deps.render);
  if (!prepared) return;
  if ('outcome' in prepared) {
    const [applied] = await recordOutcomes(deps, channel, [prepared.outcome]);
    // Quiet hours in the recipient's zone: the message is scheduled again, and this job waits for it.
    if (applied && prepared.outcome.kind === 'deferred') {
      await postponeJob(job, token, prepared.outcome.until.getTime());
    }
    return;
  }
  const tokens = tokensFor(channel, prepared.send.segments);
  const ready = await deps.limiter.peek(channel.id, channel.rateLimit, tokens, 'single');
  if (!ready.granted) await postponeJob(job, token, Date.now() + ready.waitMs);
  const refused = await deliverMessages(deps, channel, [prepared.send], 'single');
  if (refused) await postponeJob(job, token, Date.now() + refused.waitMs);
}
