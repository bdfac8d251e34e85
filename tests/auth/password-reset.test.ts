import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { expectFieldError, expectNotLogged, expectProblem, registerOnly, runSql } from './support.js';

const OLD_PASSWORD = 'reset-old-secret-pw';
const NEW_PASSWORD = 'reset-new-secret-pw';

let t: TestContext;
const secrets: string[] = [OLD_PASSWORD, NEW_PASSWORD];

beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function newUser(label: string) {
  const session = await signUp(t, { email: uniqueEmail(label), password: OLD_PASSWORD });
  secrets.push(session.email, session.token, session.refreshToken);
  return session;
}

const forgot = (email: string) => t.request('POST', '/v1/auth/forgot-password', { body: { email } });
const reset = (email: string, code: string, newPassword = NEW_PASSWORD) =>
  t.request('POST', '/v1/auth/reset-password', { body: { email, code, new_password: newPassword } });
const login = (email: string, password: string, remoteAddress?: string) =>
  t.request('POST', '/v1/auth/login', {
    body: { email, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Asks for a reset and returns the code from the reset mail. */
async function resetCode(email: string): Promise<string> {
  const res = await forgot(email);
  expect(res.status, res.text).toBe(202);
  const mail = await t.sink.waitFor(email, /reset code is \d{6}/);
  return mail.text.match(/\b(\d{6})\b/)?.[1] as string;
}

describe('POST /v1/auth/forgot-password', () => {
  it('answers 202 for an unknown email and mails nothing', async () => {
    const address = uniqueEmail('nobody');
    secrets.push(address);
    const res = await forgot(address);
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ status: 'accepted' });
    expect(await t.sink.count(address)).toBe(0);
  });

  it('answers 202 for a known email and mails a code', async () => {
    const user = await newUser('known');
    const res = await forgot(user.email.toUpperCase());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'accepted' });
    const mail = await t.sink.waitFor(user.email, /reset code is \d{6}/);
    expect(mail.subject).toMatch(/reset/i);
  });

  it('validates the email', async () => {
    expectFieldError(await t.request('POST', '/v1/auth/forgot-password', { body: { email: 'x' } }), 'email');
  });
});

describe('POST /v1/auth/reset-password', () => {
  it('sets the new password and signs out every session', async () => {
    const user = await newUser('reset');
    const second = await signIn(t, user.email, OLD_PASSWORD);
    secrets.push(second.token, second.refreshToken);
    const code = await resetCode(user.email);

    const res = await reset(user.email, code);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });

    expectProblem(await login(user.email, OLD_PASSWORD), 401, 'invalid_credentials');
    const fresh = await login(user.email, NEW_PASSWORD);
    expect(fresh.status, fresh.text).toBe(200);
    secrets.push(fresh.body.access_token, fresh.body.refresh_token);
    for (const refreshToken of [user.refreshToken, second.refreshToken]) {
      const refreshed = await t.request('POST', '/v1/auth/refresh', {
        body: { refresh_token: refreshToken },
      });
      expectProblem(refreshed, 401);
    }
    // The code is single-use.
    expectProblem(await reset(user.email, code, 'yet-another-password'), 422, 'invalid_code');
  });

  describe('with a wrong, dead or expired code', () => {
    // One user for these cases: each asks for a fresh code, which replaces the previous one.
    let user: Awaited<ReturnType<typeof newUser>>;
    beforeAll(async () => {
      user = await newUser('badcode');
    });

    it('refuses a wrong code with 422, and kills the code after 5 wrong tries', async () => {
      const code = await resetCode(user.email);
      const res = await reset(user.email, wrongCode(code));
      expectProblem(res, 422, 'invalid_code');
      expect(res.body.errors).toEqual([{ path: 'code', message: expect.any(String) }]);
      for (let i = 0; i < 4; i++) expectProblem(await reset(user.email, wrongCode(code)), 422);
      expectProblem(await reset(user.email, code), 422, 'invalid_code');
      expect((await login(user.email, OLD_PASSWORD)).status).toBe(200);
    });

    it('refuses an expired code', async () => {
      const code = await resetCode(user.email);
      const moved = await runSql(
        t,
        "UPDATE email_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'reset_password' AND consumed_at IS NULL",
        [user.userId],
      );
      expect(moved).toBe(1);
      expectProblem(await reset(user.email, code), 422, 'invalid_code');
    });

    it('validates the new password and the code format without burning the code', async () => {
      const code = await resetCode(user.email);
      expectFieldError(await reset(user.email, code, 'short'), 'new_password');
      expectFieldError(await reset(user.email, 'abcdef'), 'code');
      expect((await reset(user.email, code)).status).toBe(200);
    });
  });

  it('does not accept a verification code as a reset code', async () => {
    const address = uniqueEmail('purpose');
    secrets.push(address);
    const { code } = await registerOnly(t, address, OLD_PASSWORD);
    expectProblem(await reset(address, code), 422, 'invalid_code');
  });

  it('answers an unknown email like a wrong code', async () => {
    expectProblem(await reset(uniqueEmail('ghost'), '123456'), 422, 'invalid_code');
  });

  it('verifies the address of an unverified user (the code proves the mailbox)', async () => {
    const address = uniqueEmail('unverified');
    secrets.push(address);
    await registerOnly(t, address, OLD_PASSWORD);
    expectProblem(await login(address, OLD_PASSWORD), 403, 'email_not_verified');
    expect((await reset(address, await resetCode(address))).status).toBe(200);
    const res = await login(address, NEW_PASSWORD);
    expect(res.status, res.text).toBe(200);
    secrets.push(res.body.access_token, res.body.refresh_token);
  });

  it('lifts the login lock of the email', async () => {
    const user = await newUser('locked');
    for (let i = 0; i < 5; i++) await login(user.email, 'not-the-password', '10.9.0.1');
    expectProblem(await login(user.email, OLD_PASSWORD, '10.9.0.1'), 429);
    expect((await reset(user.email, await resetCode(user.email))).status).toBe(200);
    const res = await login(user.email, NEW_PASSWORD, '10.9.0.1');
    expect(res.status, res.text).toBe(200);
    secrets.push(res.body.access_token, res.body.refresh_token);
  });
});

describe('logs', () => {
  it('hold no password, token or full email address of the test users', () => {
    expectNotLogged(t, secrets);
  });
});
