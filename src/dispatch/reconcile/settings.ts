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
  /** A message `sending` for longer than this lost its worker (the send path gives up on a provider after 30 s). */
  sendingTimeoutMs: number;
  /** Broadcast messages re-batched per run, at most. */
  rebatchPerRun: number;
  /** Single messages, broadcasts and stuck messages handled per step and run, at most. */
  rowsPerStep: number;
  /** A BullMQ job that failed (our own outage, not the provider's) is added again only after this long. */
  failedJobCooldownMs: number;
  /** Time between pruning passes (the outbox scan is not free, and nothing expires by the second). */
  pruneIntervalMs: number;
  /** Deletes of expired rows per statement, and statements per pass. */
  pruneBatch: number;
  pruneBatchesPerRun: number;
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
  rowsPerStep: 1_000,
  failedJobCooldownMs: 5 * 60_000,
  pruneIntervalMs: 10 * 60_000,
  pruneBatch: 1_000,
  pruneBatchesPerRun: 10,
  outboxRetentionMs: 7 * 86_400_000,
};
