import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Per-address login throttling must see the real client behind a load balancer (TRUSTED_PROXIES),
// and must never believe an X-Forwarded-For a client wrote itself.

const WRONG = 'not the password at all';
const SPRAY = 30; // failures across many emails that lock a client address

function login(t: TestContext, email: string, password: string, peer: string, forwardedFor?: string) {
  return t.request('POST', '/v1/auth/login', {
    body: { email, password },
    remoteAddress: peer,
    ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
  });
}

async function spray(t: TestContext, peer: string, forwardedFor?: string) {
  const results = await Promise.all(
    Array.from({ length: SPRAY }, () => login(t, uniqueEmail('spray'), WRONG, peer, forwardedFor)),
  );
  for (const res of results) expect(res.status).toBe(401);
}

describe('behind trusted proxies', () => {
  let t: TestContext;
  let user: Session;
  beforeAll(async () => {
    t = await setupTestApp({ TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' });
    user = await signUp(t);
  });
  afterAll(() => t.close());

  it('throttles each client behind the proxy on its own', async () => {
    await spray(t, '10.0.0.5', '203.0.113.7');
    const locked = await login(t, user.email, user.password, '10.0.0.5', '203.0.113.7');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client through the same proxy gets in.
    expect((await login(t, user.email, user.password, '10.0.0.5', '203.0.113.8')).status).toBe(200);
  });

  it('believes only what trusted proxies appended, never an address the client wrote first', async () => {
    // The client sent its own X-Forwarded-For; the proxy appended the real address.
    await spray(t, '10.0.0.5', '198.51.100.1, 203.0.113.20');
    const spoofed = await login(t, user.email, user.password, '10.0.0.5', '198.51.100.99, 203.0.113.20');
    expect(spoofed.status).toBe(429);
  });

  it('walks past a chain of trusted proxies to the client (IPv6 proxies too)', async () => {
    await spray(t, '10.1.1.1', '203.0.113.30, 10.9.9.9');
    expect((await login(t, user.email, user.password, 'fd00::7', '203.0.113.30, 10.2.2.2')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    await spray(t, '192.0.2.50', '203.0.113.40');
    // Rotating the header does not escape the lock of the real peer.
    expect((await login(t, user.email, user.password, '192.0.2.50', '203.0.113.41')).status).toBe(429);
    expect((await login(t, user.email, user.password, '192.0.2.51', '203.0.113.40')).status).toBe(200);
  });
});

describe('without TRUSTED_PROXIES', () => {
  let t: TestContext;
  let user: Session;
  beforeAll(async () => {
    t = await setupTestApp();
    user = await signUp(t);
  });
  afterAll(() => t.close());

  it('uses the socket address whatever X-Forwarded-For says', async () => {
    await spray(t, '10.0.0.5', '203.0.113.7');
    expect((await login(t, user.email, user.password, '10.0.0.5', '203.0.113.99')).status).toBe(429);
  });

  it('refuses a malformed TRUSTED_PROXIES at start', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: 'proxy.internal' })).toThrow(
      /TRUSTED_PROXIES/,
    );
  });
});
