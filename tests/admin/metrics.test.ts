import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startMetricsServer } from '../../src/observability/metrics-server.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** The value of one sample line of a Prometheus text body, or undefined when absent. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('GET /metrics', () => {
  it('reports queue depths per queue and state, read when scraped', async () => {
    const before = await t.request('GET', '/metrics');
    expect(before.status).toBe(200);
    for (const queue of ['send-single', 'send-bulk', 'fanout']) {
      expect(sample(before.text, `turumba_queue_jobs{queue="${queue}",state="waiting"}`), queue).toBe(0);
    }
    await t.runtime.queues.enqueue(
      'send',
      { messageId: crypto.randomUUID(), accountId: crypto.randomUUID(), attempt: 1 },
      { delay: 3_600_000 },
    );
    const after = await t.request('GET', '/metrics');
    expect(sample(after.text, 'turumba_queue_jobs{queue="send-single",state="delayed"}')).toBe(1);
    // Send outcomes and provider latency are declared by the send path (no samples before a send).
    expect(after.text).toContain('# TYPE turumba_sends_total counter');
    expect(after.text).toContain('# TYPE turumba_provider_send_duration_seconds histogram');
  });
});

describe('the metrics listener of worker-only processes', () => {
  it('serves /metrics and /healthz on its own port, and 404 elsewhere', async () => {
    const server = await startMetricsServer(t.runtime.metrics.registry, 0, t.runtime.logger);
    expect(server).toBeDefined();
    try {
      const base = `http://127.0.0.1:${server!.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain('turumba_queue_jobs{queue="send-bulk",state="waiting"}');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/v1/contacts`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);

      // A second listener on a taken port does not take the process down: it is skipped.
      const clash = await startMetricsServer(t.runtime.metrics.registry, server!.port, t.runtime.logger);
      expect(clash).toBeUndefined();
    } finally {
      await server!.close();
    }
  });

  it('listens on METRICS_PORT, 9464 unless set; 0 turns it off', () => {
    expect(loadConfig({}).metricsPort).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
