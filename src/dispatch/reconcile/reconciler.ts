import type { Database } from '../../db/client.js';
import type { Logger } from '../../observability/logger.js';
import type { ReconcilerMetrics } from '../../observability/reconciler-metrics.js';
import type { Queues } from '../../queues/catalog.js';
import { ensureJob } from './live-jobs.js';
import { mapChunked } from './map-chunked.js';
import { type Pruned, pruneExpired } from './prune-expired.js';
import {
  enqueueRebatches,
  loadBatchTargets,
  type RebatchPosition,
  rebatchBroadcastMessages,
} from './rebatch-broadcasts.js';
import { type RecoveredMessage, recoverStuckSending } from './recover-stuck-sending.js';
import { restoreFanouts } from './restore-fanouts.js';
import { restoreSingleMessages } from './restore-singles.js';
import type { ScanPosition } from './scan-for-lost.js';
import type { ReconcileSettings } from './settings.js';

export type ReconcilerDeps = {
  database: Database;
  queues: Queues;
  logger: Logger;
  metrics: ReconcilerMetrics;
};

/** What one run restored; steps that failed are named in `failed` (the others still ran). */
export type ReconcileReport = {
  suspectedDuplicates: number;
  singles: number;
  fanouts: number;
  batchMessages: number;
  /** Broadcast messages recorded permanently failed because their channel was deleted. */
  channelGone: number;
  pruned: Pruned | undefined;
  failed: string[];
};

// One reconciler at a time across every process on this database; a session lock on a connection
// of our own, released when the run ends or, if the process dies, when its connection closes.
const LOCK_SQL = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
const UNLOCK_SQL = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))';
const LOCK_NAME = 'turumba:reconciler';

/**
 * Restores work that PostgreSQL says is due but Redis does not hold (invariant 1): stuck `sending`
 * messages (as suspected duplicates), single messages, broadcast fan-outs and broadcast messages
 * without a live job, and prunes expired rows. Every job it adds has a deterministic id and every
 * send starts with a conditional claim, so restoring work that was not lost after all changes
 * nothing. Runs once at start, then every interval (jittered), under a PostgreSQL advisory lock.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private lastPruneAt = 0;
  // Where each scan stopped, so the next run goes on from there instead of reading the same rows.
  private readonly positions = {
    singles: { after: null } as ScanPosition,
    fanouts: { after: null } as ScanPosition,
    broadcasts: { after: '00000000-0000-0000-0000-000000000000' } as RebatchPosition,
  };

  constructor(
    private readonly deps: ReconcilerDeps,
    readonly settings: ReconcileSettings,
  ) {}

  /** Runs now, then every interval until `stop`. */
  start(): void {
    this.schedule(0);
  }

  /** Stops scheduling runs and waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One run under the lock; undefined when another process holds it. */
  async runOnce(): Promise<ReconcileReport | undefined> {
    const client = await this.deps.database.pool.connect();
    let broken: Error | undefined;
    try {
      const locked = await client.query<{ locked: boolean }>(LOCK_SQL, [LOCK_NAME]);
      if (!locked.rows[0]?.locked) {
        this.deps.metrics.runs.inc({ result: 'skipped' });
        return undefined;
      }
      try {
        return await this.reconcile();
      } finally {
        await client.query(UNLOCK_SQL, [LOCK_NAME]).catch((error: Error) => {
          // Closing the connection releases the lock.
          broken = error;
        });
      }
    } catch (error) {
      broken ??= error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error) => {
          this.deps.metrics.runs.inc({ result: 'error' });
          this.deps.logger.warn({ err: (error as Error).name }, 'reconciler run failed');
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.nextDelay());
        });
    }, delayMs);
  }

  private nextDelay(): number {
    const { intervalMs, jitter } = this.settings;
    return Math.max(0, Math.round(intervalMs * (1 + jitter * (2 * Math.random() - 1))));
  }

  private async reconcile(): Promise<ReconcileReport> {
    const { database, queues, metrics, logger } = this.deps;
    const db = database.db;
    const settings = this.settings;
    const failed: string[] = [];
    const step = async <T>(name: string, work: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        failed.push(name);
        // Name and SQLSTATE only: a query error's message carries its parameters.
        const code = (error as { cause?: { code?: unknown } }).cause?.code;
        logger.warn({ step: name, err: (error as Error).name, code }, 'reconciler step failed');
        return fallback;
      }
    };

    const recovered = await step('stuck_sending', () => recoverStuckSending(db, queues, settings), []);
    if (recovered.length > 0) {
      metrics.suspectedDuplicates.inc(recovered.length);
      logger.warn(
        { count: recovered.length, message_ids: recovered.slice(0, 20).map((m) => m.id) },
        'messages stuck in sending were queued again as suspected duplicates',
      );
      await step('stuck_sending_enqueue', () => this.enqueueRecovered(recovered), 0);
    }
    const singles = await step(
      'singles',
      () => restoreSingleMessages(db, queues, settings, this.positions.singles),
      0,
    );
    const fanouts = await step(
      'fanouts',
      () => restoreFanouts(db, queues, settings, this.positions.fanouts),
      0,
    );
    const nothing = { rebatched: 0, settled: 0 };
    const broadcast = await step(
      'broadcast_messages',
      () => rebatchBroadcastMessages(db, queues, settings, this.positions.broadcasts),
      nothing,
    );
    const { rebatched: batchMessages, settled: channelGone } = broadcast;
    let pruned: Pruned | undefined;
    if (Date.now() - this.lastPruneAt >= settings.pruneIntervalMs) {
      pruned = await step('prune', () => pruneExpired(db, settings), undefined);
      if (pruned) this.lastPruneAt = Date.now();
    }

    metrics.restored.inc({ kind: 'single' }, singles);
    metrics.restored.inc({ kind: 'fanout' }, fanouts);
    metrics.restored.inc({ kind: 'batch_message' }, batchMessages);
    metrics.restored.inc({ kind: 'channel_gone' }, channelGone);
    metrics.pruned.inc({ table: 'idempotency_keys' }, pruned?.idempotencyKeys ?? 0);
    metrics.pruned.inc({ table: 'outbox_events' }, pruned?.outboxEvents ?? 0);
    metrics.pruned.inc({ table: 'message_stat_deltas' }, pruned?.statDeltas ?? 0);
    metrics.pruned.inc({ table: 'audit_log' }, pruned?.auditEntries ?? 0);
    metrics.runs.inc({ result: failed.length > 0 ? 'error' : 'ran' });
    const suspectedDuplicates = recovered.length;
    const report = { suspectedDuplicates, singles, fanouts, batchMessages, channelGone, pruned, failed };
    if (singles + fanouts + batchMessages + channelGone > 0) {
      logger.info(
        { singles, fanouts, batch_messages: batchMessages, channel_gone: channelGone },
        'reconciler restored work Redis did not hold',
      );
    }
    return report;
  }

  /** Gives messages the recovery put back to `queued` their jobs at once (not after the queued grace). */
  private async enqueueRecovered(recovered: RecoveredMessage[]): Promise<number> {
    const { queues, database } = this.deps;
    const cooldownMs = this.settings.failedJobCooldownMs;
    const requeued = recovered.filter((m) => m.status === 'queued');
    const singles = requeued.filter((m) => m.group_message_id === null);
    const outcomes = await mapChunked(singles, (m) =>
      ensureJob(
        queues,
        'send',
        { messageId: m.id, accountId: m.account_id, attempt: m.attempts + 1 },
        { cooldownMs },
      ),
    );
    let added = outcomes.filter((o) => o === 'added').length;
    const grouped = requeued.filter((m) => m.group_message_id !== null && m.channel_id !== null);
    const targets = await loadBatchTargets(database.db, [
      ...new Set(grouped.map((m) => m.group_message_id!)),
    ]);
    for (const target of targets) {
      const byChannel = new Map<string, string[]>();
      for (const m of grouped) {
        if (m.group_message_id === target.id)
          byChannel.set(m.channel_id!, [...(byChannel.get(m.channel_id!) ?? []), m.id]);
      }
      for (const [channelId, ids] of byChannel) {
        added += await enqueueRebatches(queues, target, channelId, ids.sort(), cooldownMs);
      }
    }
    return added;
  }
}
