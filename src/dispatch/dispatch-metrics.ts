import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { JOBS, type Queues } from '../queues/catalog.js';

export type DispatchMetrics = {
  /** Send outcomes by channel type and outcome (sent, failed, permanently_failed, skipped). */
  sends: Counter<'channel_type' | 'outcome'>;
  /** Time a provider took to accept or refuse one message. */
  providerLatency: Histogram<'channel_type'>;
};

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

// Several send workers may share a registry (tests run two in one process).
const byRegistry = new WeakMap<Registry, DispatchMetrics>();

/**
 * The dispatch metrics of a registry, created on first use, plus a queue-depth gauge read from
 * BullMQ when scraped (`getJobCounts` per catalog queue). Labels stay low-cardinality: channel
 * type, outcome, queue and state; never ids.
 */
export function dispatchMetrics(registry: Registry, queues: Queues): DispatchMetrics {
  let metrics = byRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  metrics = {
    sends: new Counter({
      name: 'turumba_sends_total',
      help: 'Messages handed to providers or given up, by channel type and outcome',
      labelNames: ['channel_type', 'outcome'] as const,
      registers,
    }),
    providerLatency: new Histogram({
      name: 'turumba_provider_send_duration_seconds',
      help: 'Provider send call duration by channel type',
      labelNames: ['channel_type'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
  const queueNames = [...new Set(Object.values(JOBS).map((def) => def.queue))];
  new Gauge({
    name: 'turumba_queue_jobs',
    help: 'BullMQ jobs per queue and state, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      const counts = await Promise.all(
        queueNames.map(async (name) => [name, await queues.get(name).getJobCounts(...QUEUE_STATES)] as const),
      );
      for (const [queue, byState] of counts) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
      }
    },
  });
  byRegistry.set(registry, metrics);
  return metrics;
}
