import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Queues } from '../../queues/catalog.js';
import { channelRefusal } from '../channel-gate.js';
import { noteChannelDeleted } from '../fanout/fanout-state.js';
import { batchSizeFor } from '../fanout/send-batches.js';
import type { SendOutcome } from '../outcomes.js';
import { writeOutcomes } from '../write-outcomes.js';
import { readBulkCoverage } from './bulk-coverage.js';
import { ensureJob } from './live-jobs.js';
import { mapChunked } from './map-chunked.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

/** A broadcast whose messages get send-batch jobs, with what sizes its batches. */
export type BatchTarget = {
  id: string;
  account_id: string;
  rate_limit: number | null;
  send_rate: number | null;
};

// Each group is scanned in pages of this many messages.
const PAGE = 1_000;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Broadcast messages waiting for a send: queued past the grace, a retry past its due time, or a
 * held send (quiet hours, local send time) past its time.
 */
function stranded(settings: ReconcileSettings) {
  return sql`((m.status = 'queued' AND m.updated_at < now() - ${intervalOf(settings.queuedGraceMs)})
    OR (m.status = 'failed' AND COALESCE(m.next_attempt_at, m.updated_at) < now() - ${intervalOf(settings.dueGraceMs)})
    OR (m.status = 'scheduled' AND COALESCE(m.scheduled_at, m.updated_at) < now() - ${intervalOf(settings.dueGraceMs)}))`;
}

/** The broadcasts still sending (queued or processing), with their channel's rate limit. */
export async function loadBatchTargets(db: Db, groupIds: readonly string[]): Promise<BatchTarget[]> {
  if (groupIds.length === 0) return [];
  const result = await db.execute<BatchTarget>(sql`
    SELECT g.id, g.account_id, c.rate_limit, g.send_rate FROM group_messages g
    LEFT JOIN channels c ON c.id = g.channel_id AND c.account_id = g.account_id
    WHERE g.id = ANY(${sql.param([...groupIds])}::uuid[]) AND g.status IN ('queued', 'processing')`);
  return result.rows;
}

/**
 * Adds send-batch jobs for messages of one broadcast on one channel, sized like the fan-out's, with
 * ids `rebatch:<group>:<first message>` (so a run that sees the same stranded messages again adds
 * nothing while the first job lives). Returns how many messages went into added jobs.
 */
export async function enqueueRebatches(
  queues: Queues,
  target: BatchTarget,
  channelId: string,
  messageIds: readonly string[],
  cooldownMs: number,
): Promise<number> {
  const size = batchSizeFor(target.rate_limit, target.send_rate);
  const batches: string[][] = [];
  for (let i = 0; i < messageIds.length; i += size) batches.push(messageIds.slice(i, i + size));
  const outcomes = await mapChunked(batches, (ids) =>
    ensureJob(
      queues,
      'send-batch',
      { groupMessageId: target.id, accountId: target.account_id, channelId, messageIds: ids },
      { jobId: `rebatch:${target.id}:${ids[0]}`, cooldownMs },
    ),
  );
  return batches.reduce((sum, ids, i) => sum + (outcomes[i] === 'added' ? ids.length : 0), 0);
}

/** What a re-batching pass did: messages put into new jobs, and messages settled because their channel is gone. */
export type Rebatched = { rebatched: number; settled: number };

/**
 * Where re-batching stands between runs: the last broadcast looked at, each broadcast's scan cursor
 * (a scan that hit `scanPerStep` goes on from there), and when each was last scanned.
 */
export type RebatchPosition = {
  after: string;
  cursors?: Map<string, string>;
  scannedAt?: Map<string, number>;
};

// A broadcast whose counters moved within the queued grace is being sent: its messages that wait are
// most likely held by its live jobs. It is still scanned, but at most this often (a lost batch of a
// long broadcast on a slow channel is found within a minute, not by reading every waiting message of
// it on every run: 187,200 rows in 217 scans for one 100k broadcast at 850 msg/s).
export const PROGRESSING_RESCAN_MS = 60_000;

/**
 * Broadcast messages that PostgreSQL says are waiting (queued, a retry that is due, a held send whose
 * time came) but that no live send-batch job holds — after a Redis wipe, or a crash between a fan-out
 * page's commit and its addBulk — get batches again, group by group, keyset over the message id, at most
 * `rebatchPerRun` messages and `groupsPerRun` broadcasts per run; `position` carries the last broadcast
 * looked at from one run to the next, so every stranded broadcast gets its turn. A
 * message whose channel was deleted can never be sent: it is recorded `permanently_failed`
 * (channel_not_found) with its group's counters, like the send path does.
 */
export async function rebatchBroadcastMessages(
  db: Db,
  queues: Queues,
  settings: ReconcileSettings,
  position: RebatchPosition = { after: NIL_UUID },
  now = Date.now(),
): Promise<Rebatched> {
  const done: Rebatched = { rebatched: 0, settled: 0 };
  position.cursors ??= new Map();
  position.scannedAt ??= new Map();
  const { cursors, scannedAt } = position;
  // Only broadcasts still sending can have messages to re-batch (a cancelled or deleted one's
  // messages are never claimed), taken in id order after the last run's last one, so a few groups
  // can never hide the others from every run.
  const candidates = await db.execute<{ id: string; progressing: boolean }>(sql`
    SELECT g.id, g.updated_at > now() - ${intervalOf(settings.queuedGraceMs)} AS progressing
    FROM group_messages g
    WHERE g.status IN ('queued', 'processing') AND g.id > ${position.after}::uuid
      AND EXISTS (SELECT 1 FROM messages m WHERE m.group_message_id = g.id AND ${stranded(settings)})
    ORDER BY g.id
    LIMIT ${settings.groupsPerRun}`);
  const last = candidates.rows.at(-1);
  position.after = candidates.rows.length < settings.groupsPerRun || !last ? NIL_UUID : last.id;
  // Broadcasts not looked at for ten minutes finished (or have nothing waiting): forget them.
  for (const [id, at] of scannedAt) {
    if (now - at <= 10 * PROGRESSING_RESCAN_MS) continue;
    scannedAt.delete(id);
    cursors.delete(id);
  }
  const due = candidates.rows.filter(
    (r) => !r.progressing || now - (scannedAt.get(r.id) ?? 0) >= PROGRESSING_RESCAN_MS,
  );
  const targets = await loadBatchTargets(
    db,
    due.map((r) => r.id),
  );
  if (targets.length === 0) return done;
  const coverage = await readBulkCoverage(queues, new Set(targets.map((t) => t.id)));
  if (!coverage) return done;

  const budget = () => settings.rebatchPerRun - done.rebatched - done.settled;
  // Rows read this run: a broadcast with a million waiting messages is read a slice per run.
  let scanned = 0;
  for (const target of targets) {
    const held = coverage.get(target.id) ?? new Set<string>();
    let cursor = cursors.get(target.id) ?? NIL_UUID;
    scannedAt.set(target.id, now);
    for (;;) {
      if (budget() <= 0 || scanned >= settings.scanPerStep) {
        cursors.set(target.id, cursor);
        break;
      }
      const page = await db.execute<{ id: string; channel_id: string | null }>(sql`
        SELECT m.id, m.channel_id FROM messages m
        WHERE m.group_message_id = ${target.id}::uuid AND m.account_id = ${target.account_id}::uuid
          AND m.id > ${cursor}::uuid AND ${stranded(settings)}
        ORDER BY m.id
        LIMIT ${PAGE}`);
      const last = page.rows.at(-1);
      if (!last) {
        cursors.delete(target.id);
        break;
      }
      scanned += page.rows.length;
      const room = budget();
      const waiting = page.rows.filter((r) => !held.has(r.id));
      const loose = waiting.slice(0, room);
      // The budget ran out inside this page: the next run starts at the first row left over.
      const leftOver = waiting.length > room ? page.rows.indexOf(waiting[room]!) : -1;
      cursor = leftOver === -1 ? last.id : leftOver > 0 ? page.rows[leftOver - 1]!.id : cursor;
      const channelless = loose.filter((r) => r.channel_id === null).map((r) => r.id);
      done.settled += await settleChannelless(db, target, channelless);
      const byChannel = new Map<string, string[]>();
      for (const row of loose) {
        if (row.channel_id) byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), row.id]);
      }
      for (const [channelId, ids] of byChannel) {
        done.rebatched += await enqueueRebatches(
          queues,
          target,
          channelId,
          ids,
          settings.failedJobCooldownMs,
        );
      }
    }
    if (budget() <= 0) break;
  }
  return done;
}

/** Records messages whose channel is gone as permanently failed (with the group counters). */
async function settleChannelless(db: Db, target: BatchTarget, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const error = channelRefusal(null)!;
  const outcomes: SendOutcome[] = ids.map((id) => ({
    kind: 'permanently_failed',
    id,
    accountId: target.account_id,
    groupMessageId: target.id,
    attempt: null,
    error,
  }));
  const applied = await writeOutcomes(db, outcomes);
  await noteChannelDeleted(db, [target.id]);
  return applied.filter(Boolean).length;
}
