import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, type Session, signIn, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Ending a session ends its access token on the next request, not when the token expires (15 min).

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const tenantRead = (s: Pick<Session, 'token' | 'accountId'>) =>
  t.request('GET', '/v1/contacts', { token: s.token, accountId: s.accountId });
const userRead = (token: string) => t.request('GET', '/v1/context/basic', { token });

async function expectWorks(s: Pick<Session, 'token' | 'accountId'>) {
  expect((await tenantRead(s)).status).toBe(200);
  expect((await userRead(s.token)).status).toBe(200);
}
async function expectEnded(s: Pick<Session, 'token' | 'accountId'>) {
  expect((await tenantRead(s)).status).toBe(401);
  expect((await userRead(s.token)).status).toBe(401);
}

describe('access tokens of an ended session', () => {
  it('stop working after that session signs out; another session of the user goes on', async () => {
    const owner = await signUp(t);
    const other = { ...(await signIn(t, owner.email, owner.password)), accountId: owner.accountId };
    await expectWorks(owner);
    const out = await t.request('POST', '/v1/auth/logout', { body: { refresh_token: owner.refreshToken } });
    expect(out.status).toBe(204);
    await expectEnded(owner);
    await expectWorks(other);
  });

  it('stop working everywhere after "sign out everywhere"', async () => {
    const owner = await signUp(t);
    const other = { ...(await signIn(t, owner.email, owner.password)), accountId: owner.accountId };
    const res = await t.request('DELETE', '/v1/auth/sessions', { token: owner.token });
    expect(res.status).toBe(204);
    await expectEnded(owner);
    await expectEnded(other);
  });

  it('stop working after a password reset', async () => {
    const owner = await signUp(t);
    await t.request('POST', '/v1/auth/forgot-password', { body: { email: owner.email } });
    const code = await t.sink.codeFor(owner.email);
    const reset = await t.request('POST', '/v1/auth/reset-password', {
      body: { email: owner.email, code, new_password: 'a brand new passphrase' },
    });
    expect(reset.status, reset.text).toBe(200);
    await expectEnded(owner);
  });

  it('stop working after a password change, which opens a fresh session for the caller', async () => {
    const owner = await signUp(t);
    const other = { ...(await signIn(t, owner.email, owner.password)), accountId: owner.accountId };
    const wrong = await t.request('POST', '/v1/auth/change-password', {
      token: owner.token,
      body: { current_password: 'not it at all', new_password: 'another long passphrase' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('current_password');
    await expectWorks(owner);

    const changed = await t.request('POST', '/v1/auth/change-password', {
      token: owner.token,
      body: { current_password: owner.password, new_password: 'another long passphrase' },
    });
    expect(changed.status, changed.text).toBe(200);
    await expectEnded(owner);
    await expectEnded(other);
    await expectWorks({ token: changed.body.access_token, accountId: owner.accountId });
    const refreshed = await t.request('POST', '/v1/auth/refresh', {
      body: { refresh_token: owner.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const relogin = await t.request('POST', '/v1/auth/login', {
      body: { email: owner.email, password: 'another long passphrase' },
    });
    expect(relogin.status).toBe(200);
  });

  it('stop working when their refresh token is reused (the family is revoked)', async () => {
    const owner = await signUp(t);
    const rotated = await t.request('POST', '/v1/auth/refresh', {
      body: { refresh_token: owner.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const fresh = { token: rotated.body.access_token as string, accountId: owner.accountId };
    await expectWorks(fresh);
    // The old refresh token again: a thief or a replay. The whole session ends.
    const reused = await t.request('POST', '/v1/auth/refresh', {
      body: { refresh_token: owner.refreshToken },
    });
    expect(reused.status).toBe(401);
    await expectEnded(fresh);
  });
});

describe('removal takes effect on the next request', () => {
  it('for a removed member and for a deleted API key', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'agent');
    await expectWorks(member);
    const removed = await t.request('DELETE', `/v1/users/${member.userId}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(removed.status, removed.text).toBe(204);
    expect((await tenantRead(member)).status).toBe(403);

    const key = await createApiKey(t, owner, 'agent');
    expect((await t.request('GET', '/v1/contacts', { token: key })).status).toBe(200);
    const keys = await t.request('GET', '/v1/api-keys', { token: owner.token, accountId: owner.accountId });
    const id = keys.body.items[0].id;
    expect(
      (await t.request('DELETE', `/v1/api-keys/${id}`, { token: owner.token, accountId: owner.accountId }))
        .status,
    ).toBe(204);
    expect((await t.request('GET', '/v1/contacts', { token: key })).status).toBe(401);
  });
});
