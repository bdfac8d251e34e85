import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { expectFieldError, expectNotLogged, expectProblem, registerOnly, runSql } from './support.js';

const PASSWORD = 'register-secret-pw';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let t: TestContext;
const emails: string[] = [];
const email = (label: string) => {
  const value = uniqueEmail(label);
  emails.push(value);
  return value;
};

beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const verify = (address: string, code: string) =>
  t.request('POST', '/v1/auth/verify-email', { body: { email: address, code } });
/** A 6-digit code that differs from `code`. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('POST /v1/auth/register', () => {
  let registeredEmail: string;
  let firstAnswer: any;

  it('creates the user and an account and mails a 6-digit code', async () => {
    registeredEmail = email('reg');
    const res = await t.request('POST', '/v1/auth/register', {
      body: { email: registeredEmail, password: PASSWORD, name: 'Ada Lovelace', account_name: 'Analytical' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      user: {
        id: expect.stringMatching(UUID),
        email: registeredEmail,
        name: 'Ada Lovelace',
        email_verified: false,
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
      },
      account: {
        id: expect.stringMatching(UUID),
        name: 'Analytical',
        default_country_code: null,
        timezone: 'UTC',
        consent: {},
        quiet_hours: null,
        api_rate_limit: null,
        on_member_removed: { pause_schedules: false, cancel_broadcasts: false },
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
      },
    });
    firstAnswer = res.body;
    expect(res.text).not.toContain(PASSWORD);
    const mail = await t.sink.waitFor(registeredEmail, /\b\d{6}\b/);
    expect(mail.subject).toMatch(/verification/i);
  });

  it('answers a taken email like a new one, and mails its owner instead of saying so', async () => {
    for (const variant of [registeredEmail, registeredEmail.toUpperCase()]) {
      const res = await t.request('POST', '/v1/auth/register', {
        body: { email: variant, password: 'another long password', account_name: 'Again' },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        user: { email: variant, email_verified: false },
        account: { name: 'Again', timezone: 'UTC' },
      });
      // Nothing in the shape tells it from a real registration: the same fields, ids of the same kind.
      expect(Object.keys(res.body.account).sort()).toEqual(Object.keys(firstAnswer.account).sort());
      expect(Object.keys(res.body.user).sort()).toEqual(Object.keys(firstAnswer.user).sort());
      for (const kind of ['user', 'account'] as const) {
        expect(res.body[kind].id.charAt(14)).toBe(firstAnswer[kind].id.charAt(14));
      }
    }
    const mail = await t.sink.waitFor(registeredEmail, /already has an account/);
    expect(mail.subject).toMatch(/already have/i);
    // Nothing was created or changed: the first password still signs in, the second does not.
    const second = await t.request('POST', '/v1/auth/login', {
      body: { email: registeredEmail, password: 'another long password' },
    });
    expect(second.status).toBe(401);
  });

  it('answers 422 naming the field for a bad email, a short password or wrong types', async () => {
    const valid = { email: email('val'), password: PASSWORD, account_name: 'Acme' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, email: 'not-an-email' }, 'email'],
      [{ ...valid, password: 'short' }, 'password'],
      [{ ...valid, password: 123 }, 'password'],
      [{ ...valid, email: 42 }, 'email'],
      [{ ...valid, account_name: undefined }, 'account_name'],
      [{ ...valid, account_name: '   ' }, 'account_name'],
    ];
    for (const [body, path] of cases) {
      expectFieldError(await t.request('POST', '/v1/auth/register', { body }), path);
    }
    // None of the refused attempts created the user.
    const res = await t.request('POST', '/v1/auth/register', { body: valid });
    expect(res.status, res.text).toBe(201);
  });

  it('answers 400 for malformed JSON and for a body that is not an object', async () => {
    expectProblem(await t.request('POST', '/v1/auth/register', { rawBody: '{"email": "a@b.c",' }), 400);
    const array = await t.request('POST', '/v1/auth/register', { rawBody: '[]' });
    expect([400, 422]).toContain(array.status);
    expect(array.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const address = email('form');
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await t.request('POST', '/v1/auth/register', {
        rawBody: JSON.stringify({ email: address, password: PASSWORD, account_name: 'Acme' }),
        headers: { 'content-type': contentType },
      });
      expectProblem(res, 415);
    }
    const missing = await t.app.request('/v1/auth/register', { method: 'POST', body: 'x' });
    expect(missing.status).toBe(415);
  });
});

describe('POST /v1/auth/verify-email', () => {
  it('verifies the address with the mailed code', async () => {
    const address = email('ver');
    const { res: registered, code } = await registerOnly(t, address, PASSWORD);
    const res = await verify(address.toUpperCase(), code);
    expect(res.status, res.text).toBe(200);
    expect(res.body.user).toMatchObject({
      id: registered.body.user.id,
      email: address,
      email_verified: true,
    });
    const login = await t.request('POST', '/v1/auth/login', { body: { email: address, password: PASSWORD } });
    expect(login.status, login.text).toBe(200);
  });

  it('refuses a wrong code with 422 naming the code', async () => {
    const address = email('wrong');
    const { code } = await registerOnly(t, address, PASSWORD);
    const res = await verify(address, wrongCode(code));
    expectProblem(res, 422, 'invalid_code');
    expect(res.body.errors).toEqual([{ path: 'code', message: expect.any(String) }]);
    expect((await verify(address, code)).status).toBe(200);
  });

  it('refuses a code that is not 6 digits with 422', async () => {
    expectFieldError(await verify(email('fmt'), '12ab56'), 'code');
    expectFieldError(await verify(email('fmt'), '1234567'), 'code');
  });

  it('answers an unknown email like a wrong code', async () => {
    expectProblem(await verify(email('nobody'), '123456'), 422, 'invalid_code');
  });

  it('kills the code after 5 wrong tries: the right code then fails too', async () => {
    const address = email('brute');
    const { code } = await registerOnly(t, address, PASSWORD);
    for (let i = 0; i < 5; i++) expectProblem(await verify(address, wrongCode(code)), 422, 'invalid_code');
    expectProblem(await verify(address, code), 422, 'invalid_code');
    const login = await t.request('POST', '/v1/auth/login', { body: { email: address, password: PASSWORD } });
    expectProblem(login, 403, 'email_not_verified');
  });

  it('accepts the right code after 4 wrong tries', async () => {
    const address = email('four');
    const { code } = await registerOnly(t, address, PASSWORD);
    for (let i = 0; i < 4; i++) expectProblem(await verify(address, wrongCode(code)), 422);
    expect((await verify(address, code)).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const address = email('late');
    const { res, code } = await registerOnly(t, address, PASSWORD);
    const moved = await runSql(
      t,
      "UPDATE email_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1",
      [res.body.user.id],
    );
    expect(moved).toBe(1);
    expectProblem(await verify(address, code), 422, 'invalid_code');
  });

  it('refuses a used code, and tells nothing about a verified user to a wrong code', async () => {
    const address = email('twice');
    const { code } = await registerOnly(t, address, PASSWORD);
    expect((await verify(address, code)).status).toBe(200);
    const again = await verify(address, wrongCode(code));
    expectProblem(again, 422, 'invalid_code');
    expect(again.text).not.toContain(address);
  });
});

describe('POST /v1/auth/resend-verification', () => {
  it('answers 202 for an unknown email and mails nothing', async () => {
    const address = email('ghost');
    const res = await t.request('POST', '/v1/auth/resend-verification', { body: { email: address } });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ status: 'accepted' });
    expect(await t.sink.count(address)).toBe(0);
  });

  it('mails a new code that works while the old one no longer does', async () => {
    const address = email('resend');
    const { code: oldCode } = await registerOnly(t, address, PASSWORD);
    const res = await t.request('POST', '/v1/auth/resend-verification', { body: { email: address } });
    expect(res.status, res.text).toBe(202);
    expect(await t.sink.count(address)).toBe(2);
    const newCode = await t.sink.codeFor(address);
    if (newCode !== oldCode) expectProblem(await verify(address, oldCode), 422, 'invalid_code');
    expect((await verify(address, newCode)).status).toBe(200);
  });

  it('revives verification after the code expired', async () => {
    const address = email('revive');
    const { res: registered } = await registerOnly(t, address, PASSWORD);
    await runSql(t, "UPDATE email_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      registered.body.user.id,
    ]);
    await t.request('POST', '/v1/auth/resend-verification', { body: { email: address } });
    expect((await verify(address, await t.sink.codeFor(address))).status).toBe(200);
  });

  it('answers 202 for a verified user and mails nothing', async () => {
    const address = email('done');
    const { code } = await registerOnly(t, address, PASSWORD);
    expect((await verify(address, code)).status).toBe(200);
    const res = await t.request('POST', '/v1/auth/resend-verification', { body: { email: address } });
    expect(res.status).toBe(202);
    expect(await t.sink.count(address)).toBe(1);
  });

  it('mails at most 5 codes to an address per window, still answering 202', async () => {
    const address = email('spam');
    await registerOnly(t, address, PASSWORD);
    for (let i = 0; i < 6; i++) {
      const res = await t.request('POST', '/v1/auth/resend-verification', { body: { email: address } });
      expect(res.status).toBe(202);
    }
    expect(await t.sink.count(address)).toBe(5);
    // The last code mailed still works.
    expect((await verify(address, await t.sink.codeFor(address))).status).toBe(200);
  });

  it('validates the email', async () => {
    expectFieldError(
      await t.request('POST', '/v1/auth/resend-verification', { body: { email: 'nope' } }),
      'email',
    );
  });
});

describe('logs', () => {
  it('hold no password and no full email address of the test users', () => {
    expectNotLogged(t, [PASSWORD, ...emails]);
  });
});
