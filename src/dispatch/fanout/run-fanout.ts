import type { Db } from '../../db/client.js';
import type { LivePublisher } from '../../live/publisher.js';
import type { Logger } from '../../observability/logger.js';
import type { Queues } from '../../queues/catalog.js';
import { readProgress } from '../group-progress.js';
import { audienceOf, readAudiencePage } from './audience.js';
import {
  beginFanout,
  endFanoutWithoutChannel,
  type FanoutGroup,
  finishFanout,
  loadFanoutGroup,
  readGroupBacklog,
} from './fanout-state.js';
import { addSendBatches, batchSizeFor, windowFor } from './send-batches.js';
import { type FanoutTarget, writeFanoutPage } from './write-page.js';

export type FanoutSettings = {
  /** Contacts read and message rows written per transaction. */
  pageSize: number;
  /**
   * Messages of this broadcast written but not finished (queued, sending, waiting for a retry) above
   * which no page is written: the fan-out waits for the send workers, so Redis and memory hold the
   * window, never the audience. Per broadcast, so one broadcast's backlog never holds up another's.
   */
  windowMessages: number;
  /**
   * On a rate-limited channel the window is at most this many seconds of sending: a channel that
   * sends one message a second needs 30 messages ready, not 20,000 one-message jobs in Redis.
   */
  windowSeconds: number;
  /** How long to wait before looking at a full window again. */
  windowWaitMs: number;
  /** A run gives its worker slot back after this long, so broadcasts fanning out at once take turns. */
  sliceMs: number;
};

export const FANOUT_DEFAULTS: FanoutSettings = {
  pageSize: 2_000,
  windowMessages: 20_000,
  windowSeconds: 30,
  windowWaitMs: 250,
  sliceMs: 5_000,
};

export type FanoutDeps = {
  db: Db;
  queues: Queues;
  logger: Logger;
  /** Where a finished fan-out's counters go as live events. */
  live?: LivePublisher | undefined;
};
export type FanoutJob = { groupMessageId: string; accountId: string };

/** How a run ended: the fan-out is over (finished, cancelled, gone), or it wants to resume later. */
export type FanoutRun =
  | { done: true }
  | { done: false; resumeAt: number; reason: 'scheduled' | 'window' | 'yield' };

/**
 * Runs a broadcast's fan-out from its cursor until the audience is exhausted, the group stops
 * fanning out (cancelled), the send window is full, its time slice is used, or `stopping()` says the
 * process is shutting down. Every page is one transaction with the cursor, so any run (a retry, a
 * stalled job picked up elsewhere, a resumed run) continues where the last commit left off.
 */
export async function runFanout(
  deps: FanoutDeps,
  job: FanoutJob,
  settings: FanoutSettings,
  stopping: () => boolean = () => false,
): Promise<FanoutRun> {
  const { db, queues } = deps;
  const logger = deps.logger.child({ group_message_id: job.groupMessageId });
  let group = await loadFanoutGroup(db, job.accountId, job.groupMessageId);
  if (!group || group.fanoutCompletedAt || (group.status !== 'queued' && group.status !== 'processing')) {
    return { done: true };
  }
  if (group.status === 'queued' && group.scheduledAt && group.scheduledAt.getTime() > Date.now()) {
    return { done: false, resumeAt: group.scheduledAt.getTime(), reason: 'scheduled' };
  }
  if (group.status === 'queued') {
    group = await beginFanout(db, group);
    if (!group) return { done: true };
    logger.info({ total_recipients: group.totalRecipients }, 'fan-out started');
  }
  const target = targetOf(group);
  if (!target) {
    // The channel was deleted after the broadcast was queued (the API refuses that while a broadcast
    // runs, so a race or a direct change): nothing can be sent, so the broadcast ends failed with its
    // reason, every recipient counted, instead of failing its fan-out job forever.
    const ended = await endFanoutWithoutChannel(db, group);
    await publishProgress(deps, group.id);
    if (ended) logger.warn({ ...ended }, 'fan-out ended: the channel was deleted');
    return { done: true };
  }

  const audience = audienceOf(group);
  const batchSize = batchSizeFor(group.channelRateLimit, group.sendRate);
  const window = windowFor(settings, group.channelRateLimit, group.sendRate);
  // A page is written once there is room for half a page (or half the window, when that is smaller).
  const minimumRoom = Math.max(1, Math.floor(Math.min(settings.pageSize, window) / 2));
  const sliceEnd = Date.now() + settings.sliceMs;
  let cursor = group.fanoutCursor;

  for (;;) {
    if (stopping() || Date.now() >= sliceEnd) return { done: false, resumeAt: Date.now(), reason: 'yield' };
    const room = window - (await readGroupBacklog(db, group.id));
    if (room < minimumRoom) {
      return { done: false, resumeAt: Date.now() + settings.windowWaitMs, reason: 'window' };
    }
    const ids = await readAudiencePage(db, audience, cursor, Math.min(settings.pageSize, room));
    const last = ids.at(-1);
    if (last === undefined) {
      const ended = await finishFanout(db, group, cursor);
      // The final total, and the completion when every message was already sent.
      await publishProgress(deps, group.id);
      if (ended && ended.total !== ended.counted) {
        logger.warn({ counted: ended.counted, written: ended.total }, 'audience changed during the fan-out');
      }
      if (ended) logger.info({ total_recipients: ended.total }, 'fan-out finished');
      return { done: true };
    }
    const recipients = ids.filter((id) => !audience.excluded.has(id));
    const page = await writeFanoutPage(db, target, { after: cursor, last, recipients });
    if (!page.written) {
      // Cancelled (the cancel counts what was never written), or another run of this group moved
      // the cursor first (a stalled job that came back): that run carries on, this one stops.
      logger.info('fan-out stopped: the group is no longer fanning out from this cursor');
      return { done: true };
    }
    // The page is committed: if the process dies before these jobs are added, its queued messages
    // have no job. The reconciler re-enqueues queued messages that have none (invariant 1).
    await addSendBatches(queues, target, last, page.queuedIds, batchSize);
    cursor = last;
  }
}

function targetOf(group: FanoutGroup): FanoutTarget | undefined {
  if (!group.channelId || !group.channelType) return undefined;
  return {
    groupMessageId: group.id,
    accountId: group.accountId,
    channelId: group.channelId,
    channelType: group.channelType,
    templateId: group.templateId,
    scheduledMessageId: group.scheduledMessageId,
  };
}

async function publishProgress(deps: FanoutDeps, groupId: string): Promise<void> {
  if (deps.live) await deps.live.publish(await readProgress(deps.db, [groupId]));
}
