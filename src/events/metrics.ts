import { Counter, Gauge, type Registry } from 'prom-client';

export type EventMetrics = {
  published: Counter;
  publishFailures: Counter<'outcome'>;
  outboxLag: Gauge;
  consumed: Counter<'event_type' | 'outcome'>;
};

// Several relays or consumers may share a process registry (tests run two relays in one process).
const byRegistry = new WeakMap<Registry, EventMetrics>();

/** The relay and consumer metrics of a registry, created on first use. */
export function eventMetrics(registry: Registry): EventMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    const registers = [registry];
    metrics = {
      published: new Counter({
        name: 'turumba_outbox_events_published_total',
        help: 'Outbox events published to RabbitMQ (confirmed by the broker)',
        registers,
      }),
      publishFailures: new Counter({
        name: 'turumba_outbox_publish_failures_total',
        help: 'Outbox events whose publish failed; outcome retry (backed off) or failed (past max_retries)',
        labelNames: ['outcome'] as const,
        registers,
      }),
      outboxLag: new Gauge({
        name: 'turumba_outbox_lag_seconds',
        help: 'Age of the oldest event in the last batch the relay published (0 when idle)',
        registers,
      }),
      consumed: new Counter({
        name: 'turumba_events_consumed_total',
        help: 'Events taken off the processing queues, by type and outcome (ack, requeue, dead_letter)',
        labelNames: ['event_type', 'outcome'] as const,
        registers,
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
