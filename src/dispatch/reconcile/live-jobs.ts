import type { Queue } from 'bullmq';
import { JOBS, type JobName, type JobPayload, type Queues } from '../../queues/catalog.js';

// BullMQ's lists and sets of jobs that will still run ('wait' is the waiting list's key).
const LIVE_TYPES = ['wait', 'prioritized', 'delayed', 'active', 'waiting-children'] as const;
const LIVE_STATES: ReadonlySet<string> = new Set([
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'waiting-children',
]);

/**
 * Ids of the jobs of `queue` that will still run: waiting, prioritized, delayed, waiting for
 * children, or active under a held lock. An active job whose lock expired belongs to a worker that
 * died; BullMQ's stalled check gives it back only later (and only while a worker of that queue
 * runs), so it does not count as covering its messages. The id ranges are read in one script, so
 * a job moving between states is not missed.
 */
export async function readLiveJobIds(queue: Queue): Promise<string[]> {
  const ids = await queue.getRanges([...LIVE_TYPES], 0, -1);
  const client = await queue.getBackend().client;
  const active = new Set(await client.lrange(queue.toKey('active'), 0, -1));
  const activeIds = ids.filter((id) => active.has(id));
  if (activeIds.length === 0) return ids;
  // Active jobs are few (the workers' concurrency), so one GET each is fine.
  const locks = await Promise.all(activeIds.map((id) => client.get(queue.toKey(`${id}:lock`))));
  const abandoned = new Set(activeIds.filter((_, i) => locks[i] === null));
  return ids.filter((id) => !abandoned.has(id));
}

/**
 * Ids of the jobs of `queue` that a worker is running now and whose lock it still holds (BullMQ
 * renews the lock while the worker's process lives): proof that the work is in live hands.
 */
export async function readLockedActiveJobIds(queue: Queue): Promise<string[]> {
  const client = await queue.getBackend().client;
  const active = await client.lrange(queue.toKey('active'), 0, -1);
  if (active.length === 0) return [];
  const locks = await Promise.all(active.map((id) => client.get(queue.toKey(`${id}:lock`))));
  return active.filter((_, i) => locks[i] !== null);
}

// HGETs in flight at once: the client writes them back to back, so a chunk costs about one round trip.
const READ_CHUNK = 500;

/** The stored payloads of these jobs (a job removed meanwhile is left out). */
export async function readJobData(queue: Queue, ids: readonly string[]): Promise<unknown[]> {
  const client = await queue.getBackend().client;
  const data: unknown[] = [];
  for (let i = 0; i < ids.length; i += READ_CHUNK) {
    const values = await Promise.all(
      ids.slice(i, i + READ_CHUNK).map((id) => client.hget(queue.toKey(id), 'data')),
    );
    for (const value of values) {
      if (value === null) continue;
      try {
        data.push(JSON.parse(value));
      } catch {
        // not JSON: not one of ours
      }
    }
  }
  return data;
}

/** What `ensureJob` did: the job will run (`live`), was added, or failed lately and is left to cool down. */
export type EnsureOutcome = 'live' | 'added' | 'cooling';

/**
 * Makes sure the job with this id will run: nothing when it is waiting, delayed or active; else it
 * is added. A finished job keeps its id in BullMQ (which would take the add for a duplicate and drop
 * it), so it is removed first; one that failed less than `cooldownMs` ago is left alone, so a job
 * failing on our own outage is not re-added in a tight loop.
 */
export async function ensureJob<N extends JobName>(
  queues: Queues,
  name: N,
  payload: JobPayload<N>,
  options: { jobId?: string; delay?: number; cooldownMs: number },
): Promise<EnsureOutcome> {
  const def = JOBS[name];
  const jobId = options.jobId ?? def.jobId(payload as never);
  const queue = queues.get(def.queue);
  const state = await queue.getJobState(jobId);
  if (LIVE_STATES.has(state)) return 'live';
  if (state === 'completed' || state === 'failed') {
    const job = await queue.getJob(jobId);
    if (job && state === 'failed' && Date.now() - (job.finishedOn ?? 0) < options.cooldownMs)
      return 'cooling';
    await job?.remove();
  }
  const delay = options.delay !== undefined && options.delay > 0 ? { delay: options.delay } : {};
  await queues.enqueue(name, payload, { jobId, ...delay });
  return 'added';
}
