import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../src/queues/catalog.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
const CATALOG_QUEUES = [...new Set(Object.values(JOBS).map((def) => def.queue))].sort();

describe('the queue monitor with ADMIN_USER and ADMIN_PASSWORD set', () => {
  let t: TestContext;
  const operator = { user: 'ops', password: 'a long operator password' };
  const as = (user: string, password: string) => ({ headers: { authorization: basic(user, password) } });

  beforeAll(async () => {
    t = await setupTestApp({ ADMIN_USER: operator.user, ADMIN_PASSWORD: operator.password });
  });
  afterAll(() => t.close());

  it('asks for credentials when none are sent', async () => {
    const res = await t.request('GET', '/admin/queues');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="Turumba queues"/);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses a wrong password, a wrong user, and a malformed header', async () => {
    for (const options of [
      as(operator.user, 'not the password'),
      as('someone', operator.password),
      as(operator.user, ''),
      { headers: { authorization: 'Basic !!!not-base64' } },
      { headers: { authorization: `Bearer ${operator.password}` } },
    ]) {
      const res = await t.request('GET', '/admin/queues', options);
      expect(res.status, JSON.stringify(options)).toBe(401);
    }
    // The JSON API behind the UI is guarded the same way.
    const api = await t.request('GET', '/admin/queues/api/queues', as(operator.user, 'wrong'));
    expect(api.status).toBe(401);
  });

  it('serves the board to the operator', async () => {
    const res = await t.request('GET', '/admin/queues', as(operator.user, operator.password));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('Turumba queues');
  });

  it('lists every queue of the job catalog', async () => {
    const res = await t.request<{ queues: { name: string }[] }>(
      'GET',
      '/admin/queues/api/queues',
      as(operator.user, operator.password),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.queues.map((q) => q.name).sort()).toEqual(CATALOG_QUEUES);
    expect(CATALOG_QUEUES).toEqual(expect.arrayContaining(['fanout', 'send-bulk', 'send-single']));
  });

  it('serves its static assets behind the same credentials', async () => {
    const page = await t.request('GET', '/admin/queues', as(operator.user, operator.password));
    // The page names its assets relative to `<base href="/admin/queues/">`.
    expect(page.text).toContain('<base href="/admin/queues/" />');
    const script = page.text.match(/src="(static\/js\/main\.[^"]+\.js)"/)?.[1];
    expect(script, 'the page references its main script').toBeDefined();
    const asset = `/admin/queues/${script}`;
    expect((await t.request('GET', asset)).status).toBe(401);
    const res = await t.request('GET', asset, as(operator.user, operator.password));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
  });
});

describe('cross-site writes to the queue monitor', () => {
  let t: TestContext;
  const operator = { user: 'ops', password: 'a long operator password' };
  const auth = { authorization: basic(operator.user, operator.password) };
  beforeAll(async () => {
    t = await setupTestApp({ ADMIN_USER: operator.user, ADMIN_PASSWORD: operator.password });
  });
  afterAll(() => t.close());

  // A job the operator could be tricked into retrying or removing from another site.
  const action = '/admin/queues/api/queues/send-single/pause';

  it('refuses a form POST from another site, even with the browser’s cached credentials', async () => {
    for (const headers of [
      { ...auth, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      { ...auth, 'content-type': 'text/plain', origin: 'https://evil.example' },
      { ...auth, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { ...auth, 'content-type': 'application/json', origin: 'null' },
      { ...auth, 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' },
    ]) {
      const res = await t.request('PUT', action, { headers, rawBody: '{}' });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.code).toBe('csrf_rejected');
    }
    expect(await t.runtime.queues.get('send-single').isPaused()).toBe(false);
  });

  it('accepts the board’s own JSON writes', async () => {
    const res = await t.request('PUT', action, {
      headers: { ...auth, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      rawBody: '{}',
    });
    expect(res.status, res.text).toBeLessThan(300);
    expect(await t.runtime.queues.get('send-single').isPaused()).toBe(true);
    await t.runtime.queues.get('send-single').resume();
  });
});

describe('the queue monitor without ADMIN_USER and ADMIN_PASSWORD', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(() => t.close());

  it('is not there at all', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await t.request('GET', path, { headers: { authorization: basic('ops', 'anything') } });
      expect(res.status, path).toBe(404);
    }
  });
});
