import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// The limits (5 failures per email from one client, 30 per client, 100 per email from anywhere) must
// bound the number of passwords actually checked, also when the guesses arrive in parallel.

const PASSWORD = 'throttle-right-pw';
let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string, remoteAddress: string) =>
  t.request('POST', '/v1/auth/login', { body: { email, password }, remoteAddress });

describe('login throttling under parallel guesses', () => {
  it('checks at most 5 passwords of one email from one client, however many guesses arrive at once', async () => {
    const victim = await signUp(t, { email: uniqueEmail('race'), password: PASSWORD });
    // 25 wrong guesses and the right password, all in flight together, from one address.
    const guesses = Array.from({ length: 25 }, (_, i) => login(victim.email, `wrong-${i}-pw`, '10.9.0.1'));
    const results = await Promise.all([...guesses, login(victim.email, PASSWORD, '10.9.0.1')]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    for (const res of results.filter((r) => r.status === 429)) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await login(victim.email, PASSWORD, '10.9.0.1')).status).toBe(429);
  });

  it('checks at most 100 passwords of one email from anywhere, however many guesses arrive at once', async () => {
    const victim = await signUp(t, { email: uniqueEmail('spread'), password: PASSWORD });
    const guesses = Array.from({ length: 130 }, (_, i) =>
      login(victim.email, `wrong-${i}-pw`, `10.8.${i}.1`),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(100);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect((await login(victim.email, PASSWORD, '10.8.200.1')).status).toBe(429);
  });

  it('does not count a successful login against the client address', async () => {
    const user = await signUp(t, { email: uniqueEmail('office'), password: PASSWORD });
    // 40 successful sign-ins from one address (an office behind NAT) stay under no limit.
    for (let i = 0; i < 40; i++) expect((await login(user.email, PASSWORD, '10.9.2.1')).status).toBe(200);
  });

  it('counts the case and surrounding whitespace variants of an email as one', async () => {
    const user = await signUp(t, { email: uniqueEmail('variants'), password: PASSWORD });
    const variants = [
      user.email,
      user.email.toUpperCase(),
      `${user.email[0]!.toUpperCase()}${user.email.slice(1)}`,
    ];
    for (let i = 0; i < 5; i++) {
      expect((await login(variants[i % variants.length]!, 'wrong-pw-x', '10.9.3.1')).status).toBe(401);
    }
    // Whitespace and look-alike letters (fullwidth ｖ) are not valid addresses: 422, never a fresh counter.
    for (const variant of [...variants, ` ${user.email} `, `ｖ${user.email.slice(1)}`]) {
      expect([422, 429]).toContain((await login(variant, PASSWORD, '10.9.3.1')).status);
    }
    expect((await login(user.email, PASSWORD, '10.9.3.1')).status).toBe(429);
  });
});
