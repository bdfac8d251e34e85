import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// /metrics names routes, queues and volumes: in production, a stranger on the internet reading it
// learns the platform's traffic. It needs the METRICS_TOKEN bearer, or lives on its own port.

const TOKEN = 'metrics-token-0123456789abcdef';

describe('/metrics in production', () => {
  let withToken: TestContext;
  let withoutToken: TestContext;
  beforeAll(async () => {
    [withToken, withoutToken] = await Promise.all([
      setupTestApp({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN }),
      setupTestApp({ NODE_ENV: 'production' }),
    ]);
  });
  afterAll(() => Promise.all([withToken.close(), withoutToken.close()]));

  it('refuses a scrape without the bearer token, or with a wrong or forged one (401)', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Bearer ${TOKEN}x`,
      `Basic ${btoa(`admin:${TOKEN}`)}`,
    ]) {
      const res = await withToken.request(
        'GET',
        '/metrics',
        authorization ? { headers: { authorization } } : {},
      );
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.text).not.toContain('http_requests');
    }
  });

  it('serves Prometheus text to the holder of METRICS_TOKEN', async () => {
    const res = await withToken.request('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/# TYPE \w+/);
  });

  it('is not served on the API port at all without METRICS_TOKEN', async () => {
    const res = await withoutToken.request('GET', '/metrics');
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/# TYPE/);
  });
});

describe('/metrics outside production', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(() => t.close());

  it('stays open for a local scrape', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/# TYPE \w+/);
  });
});
