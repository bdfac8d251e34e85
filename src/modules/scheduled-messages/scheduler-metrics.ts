import { Counter, Histogram, type Registry } from 'prom-client';

export type SchedulerMetrics = {
  runs: Counter<'outcome'>;
  lateness: Histogram;
};

// Tests start two schedulers in one process with one registry.
const byRegistry = new WeakMap<Registry, SchedulerMetrics>();

/** The scheduler's metrics on a registry, created on first use. */
export function schedulerMetrics(registry: Registry): SchedulerMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    const registers = [registry];
    metrics = {
      runs: new Counter({
        name: 'turumba_schedule_runs_total',
        help: 'Occurrences of scheduled messages by outcome (triggered, missed, failed)',
        labelNames: ['outcome'] as const,
        registers,
      }),
      lateness: new Histogram({
        name: 'turumba_schedule_trigger_lateness_seconds',
        help: 'From the nominal occurrence to its message or broadcast row being written',
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30, 300],
        registers,
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
