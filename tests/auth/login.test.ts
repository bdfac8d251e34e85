import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { expectFieldError, expectNotLogged, expectProblem, registerOnly } from './support.js';

const PASSWORD = 'login-secret-pw';
const WRONG = 'login-wrong-pw';

let t: TestContext;
let user: Session;
const secrets: string[] = [PASSWORD, WRONG];

beforeAll(async () => {
  t = await setupTestApp();
  user = await signUp(t, { email: uniqueEmail('login'), password: PASSWORD });
  secrets.push(user.email, user.token, user.refreshToken);
});
afterAll(() => t.close());

/** Logs in from a given client address (the TCP peer the API sees). */
async function login(email: string, password: string, remoteAddress = '127.0.0.1') {
  const res = await t.request('POST', '/v1/auth/login', { body: { email, password }, remoteAddress });
  if (res.status === 200) secrets.push(res.body.access_token, res.body.refresh_token);
  return res;
}

describe('POST /v1/auth/login', () => {
  it('returns a token pair whose access token opens the API', async () => {
    const res = await login(user.email, PASSWORD);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: t.config.accessTokenTtlSeconds,
    });
    expect(res.body.refresh_token.length).toBeGreaterThanOrEqual(32);
    const context = await t.request('GET', '/v1/context/basic', { token: res.body.access_token });
    expect(context.status, context.text).toBe(200);
    expect(context.body.user.id).toBe(user.userId);
  });

  it('matches the email case-insensitively', async () => {
    expect((await login(user.email.toUpperCase(), PASSWORD)).status).toBe(200);
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const unknown = await login(uniqueEmail('ghost'), PASSWORD, '10.1.0.1');
    const wrong = await login(user.email, WRONG, '10.1.0.1');
    expectProblem(unknown, 401, 'invalid_credentials');
    expectProblem(wrong, 401, 'invalid_credentials');
    const { request_id: _a, ...unknownBody } = unknown.body;
    const { request_id: _b, ...wrongBody } = wrong.body;
    expect(unknownBody).toEqual(wrongBody);
    expect(unknown.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
  });

  it('refuses an unverified user with 403 email_not_verified, but only with the right password', async () => {
    const address = uniqueEmail('unverified');
    secrets.push(address);
    await registerOnly(t, address, PASSWORD);
    expectProblem(await login(address, PASSWORD, '10.1.0.2'), 403, 'email_not_verified');
    // A wrong password must not reveal that the address is registered but unverified.
    expectProblem(await login(address, WRONG, '10.1.0.2'), 401, 'invalid_credentials');
  });

  it('validates the body', async () => {
    expectFieldError(
      await t.request('POST', '/v1/auth/login', { body: { email: 'x', password: 'y' } }),
      'email',
    );
    expectFieldError(
      await t.request('POST', '/v1/auth/login', { body: { email: user.email, password: 123 } }),
      'password',
    );
    expectProblem(await t.request('POST', '/v1/auth/login', { rawBody: '{' }), 400);
  });
});

describe('login throttling', () => {
  it('locks an email for the client that failed 5 times, even with the right password, with Retry-After', async () => {
    const victim = await signUp(t, { email: uniqueEmail('locked'), password: PASSWORD });
    secrets.push(victim.email, victim.token, victim.refreshToken);
    for (let i = 0; i < 5; i++) expectProblem(await login(victim.email, WRONG, '10.2.0.1'), 401);
    for (const password of [WRONG, PASSWORD]) {
      const res = await login(victim.email, password, '10.2.0.1');
      expectProblem(res, 429, 'rate_limited');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    // The case of the address does not escape the lock.
    expectProblem(await login(victim.email.toUpperCase(), PASSWORD, '10.2.0.1'), 429, 'rate_limited');
    // A stranger cannot lock the owner out: from the owner's own address the right password works.
    expect((await login(victim.email, PASSWORD, '10.2.0.9')).status).toBe(200);
    // Other users are not affected.
    expect((await login(user.email, PASSWORD, '10.2.0.1')).status).toBe(200);
  });

  it('locks an email for everyone when it is guessed from very many addresses at once', async () => {
    const victim = await signUp(t, { email: uniqueEmail('spread'), password: PASSWORD });
    secrets.push(victim.email, victim.token, victim.refreshToken);
    // 100 failures from 50 addresses, 2 each: no address reaches its own limit.
    const guesses = Array.from({ length: 100 }, (_, i) => login(victim.email, WRONG, `10.6.${i % 50}.1`));
    for (const res of await Promise.all(guesses)) expectProblem(res, 401, 'invalid_credentials');
    expectProblem(await login(victim.email, PASSWORD, '10.6.99.1'), 429, 'rate_limited');
  });

  it('forgives earlier failures after a successful login', async () => {
    const member = await signUp(t, { email: uniqueEmail('forgiven'), password: PASSWORD });
    secrets.push(member.email, member.token, member.refreshToken);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expectProblem(await login(member.email, WRONG, '10.3.0.1'), 401);
      expect((await login(member.email, PASSWORD, '10.3.0.1')).status).toBe(200);
    }
  });

  it('locks a client address that fails across many emails; another address is not affected', async () => {
    const attempts = Array.from({ length: 30 }, () => login(uniqueEmail('spray'), WRONG, '10.4.0.1'));
    for (const res of await Promise.all(attempts)) expectProblem(res, 401, 'invalid_credentials');
    const locked = await login(user.email, PASSWORD, '10.4.0.1');
    expectProblem(locked, 429, 'rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(user.email, PASSWORD, '10.4.0.2')).status).toBe(200);
  });
});

describe('logs', () => {
  it('hold no password, token or full email address of the test users', () => {
    expectNotLogged(t, secrets);
  });
});
