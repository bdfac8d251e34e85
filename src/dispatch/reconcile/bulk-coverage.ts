import { JOBS, type Queues } from '../../queues/catalog.js';
import { readJobData, readLiveJobIds } from './live-jobs.js';

// Batch ids that name their group: the fan-out's `batch:<group>:<page>.<n>`, the reconciler's
// `rebatch:<group>:<first message>`, held sends' `quiet:<group>:<first message>.<time>` and retries' `retry:<group>:<first message>.<attempt>`. Others
// (retry jobs of an earlier release, `retry:<message>:<attempt>`) must be read to be placed.
const GROUP_NAMED_ID = /^(?:batch|rebatch|quiet):([0-9a-f-]{36}):|^retry:([0-9a-f-]{36}):[0-9a-f-]{36}\.\d+$/;

const groupOfJob = (id: string): string | undefined => {
  const match = GROUP_NAMED_ID.exec(id);
  return match ? (match[1] ?? match[2]) : undefined;
};

/**
 * Past this many live send-batch jobs to read, a run does not re-batch: the send window is full of
 * work that is moving, and the messages it holds are checked again on a later run.
 */
export const MAX_JOBS_READ = 10_000;

/**
 * The ids of the messages of `groupIds` that a live send-batch job holds (waiting, delayed, or
 * running under a held lock), per group; undefined when there are too many jobs to read. Read in
 * one pass before the database is, so a message found `queued` afterwards and held by no job listed
 * here has no job (a job finished since then has claimed its messages).
 */
export async function readBulkCoverage(
  queues: Queues,
  groupIds: ReadonlySet<string>,
): Promise<Map<string, Set<string>> | undefined> {
  const queue = queues.get(JOBS['send-batch'].queue);
  const ids = (await readLiveJobIds(queue)).filter((id) => {
    const group = groupOfJob(id);
    return group === undefined || groupIds.has(group);
  });
  if (ids.length > MAX_JOBS_READ) return undefined;
  const coverage = new Map<string, Set<string>>();
  for (const data of await readJobData(queue, ids)) {
    const parsed = JOBS['send-batch'].payload.safeParse(data);
    if (!parsed.success || !groupIds.has(parsed.data.groupMessageId)) continue;
    let held = coverage.get(parsed.data.groupMessageId);
    if (!held) {
      held = new Set();
      coverage.set(parsed.data.groupMessageId, held);
    }
    for (const id of parsed.data.messageIds) held.add(id);
  }
  return coverage;
}
