import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('answers /healthz', async () => {
    const res = await t.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports every dependency on /readyz', async () => {
    const res = await t.request('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual({
      postgres: { status: 'ok' },
      redis: { status: 'ok' },
      rabbitmq: { status: 'ok' },
    });
  });

  it('keeps a safe incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'bad id <script>' } });
    // A fresh UUID (whose hex may well spell "bad", so the incoming text is looked for whole).
    expect(replaced.headers.get('x-request-id')).not.toContain('bad id');
    expect(replaced.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('serves Prometheus metrics including HTTP counters', async () => {
    await t.request('GET', '/healthz');
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('turumba_http_requests_total{method="GET",route="/healthz",status="200"}');
  });

  it('answers unknown routes with problem+json 404', async () => {
    const res = await t.request('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 404,
      code: 'not_found',
      request_id: res.headers.get('x-request-id'),
    });
  });

  it('serves the API reference UI', async () => {
    const res = await t.request('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/openapi.json');
  });
});
