/** How eagerly the reconciler restores work; the defaults suit production, tests shorten the waits. */
export type ReconcileSettings = {
  /** Time between runs (each run waits this ± `jitter`). */
  intervalMs: number;
  /** Share of the interval a run may start early or late, so replicas do not tick in step. */
  jitter: number;
  /**
   * How long a `queued` message (or a broadcast waiting for its fan-out) may lack a job before it is
   * restored: longer than the path from commit to enqueue (outbox relay, event consumer, addBulk).
   */
  queuedGraceMs: number;
  /** How long past its due time a scheduled message or a retry may lack a job. */
  dueGraceMs: number;
  /**
   * A message `sending` for longer than this, and held by no running job whose worker still holds
   * its lock, lost its worker. A live worker is never judged by time alone: a batch with a slow
   * provider keeps rows `sending` for several call timeouts.
   */
  sendingTimeoutMs: number;
  /** Broadcast messages re-batched per run, at most. */
  rebatchPerRun: number;
  /** Broadcasts looked at per run for stranded messages; the next run continues after the last one. */
  groupsPerRun: number;
  /** Single messages, broadcasts and stuck messages restored per step and run, at most. */
  rowsPerStep: number;
  /** Rows a step reads per run past work that is still held by a live job (then it continues next run). */
  scanPerStep: number;
  /** A BullMQ job that failed (our own outage, not the provider's) is added again only after this long. */
  failedJobCooldownMs: number;
  /** Time between pruning passes; 0 prunes on every run. */
  pruneIntervalMs: number;
  /** Deletes of expired rows per statement. */
  pruneBatch: number;
  /**
   * A pass deletes batch after batch until one comes back short, or for at most this long (then the
   * next pass goes on), so pruning keeps up with any write rate the database can take.
   */
  pruneBudgetMs: number;
  /** Published outbox events older than this are deleted. */
  outboxRetentionMs: number;
};

export const RECONCILE_DEFAULTS: ReconcileSettings = {
  intervalMs: 5_000,
  jitter: 0.2,
  queuedGraceMs: 10_000,
  dueGraceMs: 5_000,
  sendingTimeoutMs: 120_000,
  rebatchPerRun: 20_000,
  groupsPerRun: 20,
  rowsPerStep: 1_000,
  scanPerStep: 50_000,
  failedJobCooldownMs: 5 * 60_000,
  pruneIntervalMs: 0,
  pruneBatch: 5_000,
  pruneBudgetMs: 2_000,
  outboxRetentionMs: 86_400_000,
};
