import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// A 6-digit code has 10^6 values. Each code dies after 5 wrong tries, but a new code could be
// requested 5 times per 15 minutes: ~2,400 guesses a day at a victim's password reset. Wrong codes
// are now also counted per email address over a day.

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

async function mailedResetCode(email: string, count: number): Promise<string> {
  const res = await t.request('POST', '/v1/auth/forgot-password', { body: { email } });
  expect(res.status, res.text).toBe(202);
  await expect.poll(() => t.sink.count(email)).toBeGreaterThanOrEqual(count);
  const mail = await t.sink.waitFor(email, /reset code is \d{6}/);
  return mail.text.match(/\b(\d{6})\b/)![1]!;
}

const reset = (email: string, code: string) =>
  t.request('POST', '/v1/auth/reset-password', { body: { email, code, new_password: 'brand-new-password' } });

describe('guessing mailed codes across codes', () => {
  it('refuses the reset after 20 wrong codes in a day, even with the right code (429)', async () => {
    const victim = await signUp(t, { email: uniqueEmail('guessed') });
    // Wrong codes count per address whatever the purpose (code mails are limited the same way).
    const code = await mailedResetCode(victim.email, 2);
    for (let i = 0; i < 4; i++) expect((await reset(victim.email, wrongFor(code))).status).toBe(422);
    for (let i = 0; i < 16; i++) {
      const res = await t.request('POST', '/v1/auth/verify-email', {
        body: { email: victim.email, code: '123456' },
      });
      expect(res.status).toBe(422);
    }
    const res = await reset(victim.email, code);
    expect(res.status, res.text).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // The password did not change.
    const login = await t.request('POST', '/v1/auth/login', {
      body: { email: victim.email, password: victim.password },
    });
    expect(login.status, login.text).toBe(200);
  });

  it('answers an unknown email the same way (no hint that it is not registered)', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 20; i++) expect((await reset(ghost, '123456')).status).toBe(422);
    expect((await reset(ghost, '123456')).status).toBe(429);
  });

  it('lets a user with fewer wrong codes through', async () => {
    const user = await signUp(t, { email: uniqueEmail('careful') });
    const code = await mailedResetCode(user.email, 2);
    for (let i = 0; i < 3; i++) expect((await reset(user.email, wrongFor(code))).status).toBe(422);
    expect((await reset(user.email, code)).status).toBe(200);
  });
});
