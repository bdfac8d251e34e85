import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  httpShed: Counter;
};

/** A registry per process (tests create several apps in one process, so no global default registry). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'turumba_' });
  const httpRequests = new Counter({
    name: 'turumba_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'turumba_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const httpShed = new Counter({
    name: 'turumba_http_requests_shed_total',
    help: 'Requests answered 503 overloaded because API_MAX_IN_FLIGHT requests were in progress',
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, httpShed };
}
