import type { Queues } from '../../queues/catalog.js';
import { JOBS } from '../../queues/catalog.js';

const MAX_BATCH = 100;
const def = JOBS['send-batch'];

/**
 * Messages per send-batch job: 100, or at most max(1, floor(rate / 2)) when the broadcast is rate
 * limited (the channel's rate_limit, or the broadcast's own send_rate when lower), so one batch
 * never asks the limiter for more than a second's tokens.
 */
export function batchSizeFor(channelRateLimit: number | null, sendRate: number | null): number {
  const rates = [channelRateLimit, sendRate].filter((r): r is number => r !== null && r > 0);
  if (rates.length === 0) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(1, Math.floor(Math.min(...rates) / 2)));
}

/**
 * The send window of one broadcast, in messages: `windowMessages`, or on a rate-limited channel (or
 * with a lower send_rate) `windowSeconds` of sending at that rate, never less than one batch.
 */
export function windowFor(
  settings: { windowMessages: number; windowSeconds: number },
  channelRateLimit: number | null,
  sendRate: number | null,
): number {
  const rates = [channelRateLimit, sendRate].filter((r): r is number => r !== null && r > 0);
  if (rates.length === 0) return settings.windowMessages;
  const bySpeed = Math.ceil(Math.min(...rates) * settings.windowSeconds);
  return Math.min(settings.windowMessages, Math.max(batchSizeFor(channelRateLimit, sendRate), bySpeed));
}

/** Jobs of the bulk lane that are not finished: waiting, delayed (retries, rate limit) or running. */
export async function countSendBacklog(queues: Queues): Promise<number> {
  const counts = await queues.get(def.queue).getJobCounts('wait', 'prioritized', 'delayed', 'active');
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

export type BatchTarget = { groupMessageId: string; accountId: string; channelId: string };

/**
 * Adds the send-batch jobs of one written page in one round trip. Ids are deterministic,
 * `batch:<group>:<page>.<n>` with the page named by its cursor (the last contact id): the cursor only
 * moves forward, so a page is written once and its jobs never collide with another page's.
 */
export async function addSendBatches(
  queues: Queues,
  target: BatchTarget,
  pageKey: string,
  messageIds: readonly string[],
  batchSize: number,
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const jobs = [];
  for (let start = 0, n = 0; start < messageIds.length; start += batchSize, n += 1) {
    const data = def.payload.parse({ ...target, messageIds: messageIds.slice(start, start + batchSize) });
    jobs.push({
      name: 'send-batch',
      data,
      opts: { ...def.options, jobId: `batch:${target.groupMessageId}:${pageKey}.${n}` },
    });
  }
  await queues.get(def.queue).addBulk(jobs);
  return jobs.length;
}

/**
 * The id of a send-batch job that retries messages of a group after `attempt - 1` attempts:
 * `retry:<group>:<first message>.<attempt>`. It names its group (like `batch:` and `rebatch:` ids),
 * so the reconciler places it without reading its payload.
 */
export function retryBatchJobId(groupMessageId: string, firstMessageId: string, attempt: number): string {
  return `retry:${groupMessageId}:${firstMessageId}.${attempt}`;
}
