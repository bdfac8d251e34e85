import { Counter, type Registry } from 'prom-client';

export type ReconcilerMetrics = {
  /** Work put back on the queues, by kind (single, fanout, batch_message, channel_gone). */
  restored: Counter<'kind'>;
  /** Messages found `sending` after their worker was gone: the provider may have them twice. */
  suspectedDuplicates: Counter;
  /** Reconciler runs by result: ran, skipped (another process held the lock), error. */
  runs: Counter<'result'>;
  /** Expired rows deleted, by table. */
  pruned: Counter<'table'>;
};

// One set per registry: tests start several reconcilers against one process registry.
const byRegistry = new WeakMap<Registry, ReconcilerMetrics>();

/** The reconciler's counters in `registry`, created on first use. */
export function reconcilerMetrics(registry: Registry): ReconcilerMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: ReconcilerMetrics = {
    restored: new Counter({
      name: 'turumba_reconciler_restored_total',
      help: 'Jobs or messages the reconciler restored because PostgreSQL had work Redis did not, by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    suspectedDuplicates: new Counter({
      name: 'turumba_suspected_duplicates_total',
      help: 'Messages found sending after their worker was gone and attempted again (the provider may have them twice)',
      registers,
    }),
    runs: new Counter({
      name: 'turumba_reconciler_runs_total',
      help: 'Reconciler runs by result (ran, skipped while another process held the lock, error)',
      labelNames: ['result'] as const,
      registers,
    }),
    pruned: new Counter({
      name: 'turumba_pruned_rows_total',
      help: 'Expired rows deleted by the reconciler, by table',
      labelNames: ['table'] as const,
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
