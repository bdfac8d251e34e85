import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../src/http/console.js';
import { ensureConsoleBuilt } from '../../web/scripts/ensure-build.js';
import { signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let asset: string;
beforeAll(async () => {
  await ensureConsoleBuilt(() => {});
  t = await setupTestApp();
  const files = await readdir(path.join(CONSOLE_DIST, 'assets'));
  asset = `/assets/${files.find((f) => f.endsWith('.js'))!}`;
}, 120_000);
afterAll(() => t.close());

describe('the console is served by the API process', () => {
  it('serves index.html at / and for deep links, never cached, with a CSP that allows no inline script', async () => {
    for (const url of ['/', '/channels/5f0c8a4e-2b6d-4c57-9d35-1a2b3c4d5e6f', '/messages?status=delivered']) {
      const res = await t.request('GET', url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('caches hashed assets for a year and answers a missing asset with 404, not the page', async () => {
    const res = await t.request('GET', asset);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await t.request('GET', '/assets/nothing-here-123.js');
    expect(missing.status).toBe(404);
    const outside = await t.request('GET', '/..%2f..%2fpackage.json');
    expect(outside.status).toBe(404);
  });

  it('leaves the API paths alone', async () => {
    const unknownApi = await t.request('GET', '/v1/no-such-route');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/openapi.json')).body.openapi).toMatch(/^3\.1/);
    expect((await t.request('GET', '/metrics')).text).toContain('# HELP');
    expect((await t.request('GET', '/docs')).headers.get('content-security-policy')).toBeNull();
    // Bull Board is off without ADMIN_USER: still the API's 404, not the console.
    const admin = await t.request('GET', '/admin/queues');
    expect(admin.status).toBe(404);
    expect(admin.text).not.toContain('id="root"');
  });

  it('builds the shell without inline scripts', async () => {
    const html = await readFile(path.join(CONSOLE_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
  });
});

const CONSOLE = { 'x-turumba-console': '1' };

function cookieOf(res: { headers: Headers }): string {
  const header = res.headers.get('set-cookie') ?? '';
  return header.split(';')[0]!;
}

describe('console sessions (refresh token in an HttpOnly cookie)', () => {
  it('signs in with a cookie, refreshes silently with rotation, and signs out', async () => {
    const user = await signUp(t);
    const login = await t.request('POST', '/v1/auth/session', {
      body: { email: user.email, password: user.password },
      headers: CONSOLE,
    });
    expect(login.status, login.text).toBe(200);
    expect(login.body.access_token).toEqual(expect.any(String));
    expect(login.body).not.toHaveProperty('refresh_token');
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^turumba_refresh=rt_/);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/v1/auth/session']) {
      expect(setCookie).toContain(attribute);
    }
    const first = cookieOf(login);

    const me = await t.request('GET', '/v1/context/basic', { token: login.body.access_token });
    expect(me.status).toBe(200);

    const refreshed = await t.request('POST', '/v1/auth/session/refresh', {
      headers: { ...CONSOLE, cookie: first },
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    const second = cookieOf(refreshed);
    expect(second).not.toBe(first);

    // The old cookie again is reuse: the family is revoked and the cookie cleared.
    const reused = await t.request('POST', '/v1/auth/session/refresh', {
      headers: { ...CONSOLE, cookie: first },
    });
    expect(reused.status).toBe(401);
    expect(reused.headers.get('set-cookie')).toMatch(/turumba_refresh=;.*Max-Age=0/);
    const afterReuse = await t.request('POST', '/v1/auth/session/refresh', {
      headers: { ...CONSOLE, cookie: second },
    });
    expect(afterReuse.status).toBe(401);
  });

  it('signs out one browser, and everywhere', async () => {
    const user = await signUp(t);
    const open = async () => {
      const res = await t.request('POST', '/v1/auth/session', {
        body: { email: user.email, password: user.password },
        headers: CONSOLE,
      });
      expect(res.status).toBe(200);
      return { cookie: cookieOf(res), token: res.body.access_token as string };
    };
    const a = await open();
    const b = await open();
    const out = await t.request('DELETE', '/v1/auth/session', { headers: { ...CONSOLE, cookie: a.cookie } });
    expect(out.status).toBe(204);
    expect(
      (await t.request('POST', '/v1/auth/session/refresh', { headers: { ...CONSOLE, cookie: a.cookie } }))
        .status,
    ).toBe(401);
    expect(
      (await t.request('POST', '/v1/auth/session/refresh', { headers: { ...CONSOLE, cookie: b.cookie } }))
        .status,
    ).toBe(200);

    const c = await open();
    const everywhere = await t.request('DELETE', '/v1/auth/sessions', { token: c.token });
    expect(everywhere.status).toBe(204);
    expect(
      (await t.request('POST', '/v1/auth/session/refresh', { headers: { ...CONSOLE, cookie: c.cookie } }))
        .status,
    ).toBe(401);
    // The JSON refresh token of an API session is revoked too.
    expect(
      (await t.request('POST', '/v1/auth/refresh', { body: { refresh_token: user.refreshToken } })).status,
    ).toBe(401);
    expect((await t.request('DELETE', '/v1/auth/sessions')).status).toBe(401);
  });

  it('refuses cross-site requests to the cookie routes (CSRF)', async () => {
    const user = await signUp(t);
    const body = { email: user.email, password: user.password };
    const noHeader = await t.request('POST', '/v1/auth/session', { body });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.code).toBe('csrf_rejected');
    const crossOrigin = await t.request('POST', '/v1/auth/session', {
      body,
      headers: { ...CONSOLE, origin: 'https://evil.example', host: 'localhost:8080' },
    });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await t.request('POST', '/v1/auth/session', {
      body,
      headers: { ...CONSOLE, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await t.request('POST', '/v1/auth/session', {
      body,
      headers: {
        ...CONSOLE,
        origin: 'http://localhost:8080',
        host: 'localhost:8080',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(sameOrigin.status).toBe(200);
    const refreshNoHeader = await t.request('POST', '/v1/auth/session/refresh', {
      headers: { cookie: cookieOf(sameOrigin) },
    });
    expect(refreshNoHeader.status).toBe(403);
    const logoutCrossSite = await t.request('DELETE', '/v1/auth/session', {
      headers: { cookie: cookieOf(sameOrigin), 'sec-fetch-site': 'cross-site', ...CONSOLE },
    });
    expect(logoutCrossSite.status).toBe(403);
  });

  it('keeps the JSON token routes working', async () => {
    const user = await signUp(t);
    const rotated = await t.request('POST', '/v1/auth/refresh', {
      body: { refresh_token: user.refreshToken },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).toEqual(expect.any(String));
  });
});

describe('GET /v1/providers', () => {
  it('gives each provider the JSON Schema of its credentials and config, and its secrets', async () => {
    const user = await signUp(t);
    const res = await t.request('GET', '/v1/providers', { token: user.token });
    expect(res.status, res.text).toBe(200);
    const twilio = res.body.items.find((p: { id: string }) => p.id === 'twilio');
    expect(twilio.channel_type).toBe('sms');
    expect(twilio.credentials_schema.required).toEqual(['account_sid', 'auth_token']);
    expect(twilio.secret_fields).toEqual(['auth_token']);
    expect(twilio.webhooks).toEqual(['status', 'inbound']);
    // base_url is refused unless PROVIDER_BASE_URL_OVERRIDE: the form must not offer it.
    expect(twilio.base_url_allowed).toBe(false);
    expect(twilio.config_schema.properties).not.toHaveProperty('base_url');
    const sandbox = res.body.items.find((p: { id: string }) => p.id === 'sandbox');
    expect(sandbox.config_schema.properties.failure_rate).toMatchObject({
      type: 'number',
      minimum: 0,
      maximum: 1,
    });
    expect(res.body.items).toHaveLength(10);
  });

  it('needs credentials', async () => {
    expect((await t.request('GET', '/v1/providers')).status).toBe(401);
  });
});
