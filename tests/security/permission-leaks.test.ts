import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createContact,
  createSandboxChannel,
  type Session,
  signIn,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Permission leaks found by probing the API as an attacker would.

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function accountExists(owner: Session): Promise<boolean> {
  const res = await t.request('GET', `/v1/accounts/${owner.accountId}`, { token: owner.token });
  return res.status === 200;
}

/** Moves the session's sign-in back in time, as if the password had been typed `minutes` ago. */
async function ageSession(session: Session, minutes: number): Promise<void> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    const user = await client.query('SELECT id FROM users WHERE email = $1', [session.email]);
    await client.query(
      `UPDATE refresh_tokens SET created_at = created_at - make_interval(mins => $2) WHERE user_id = $1`,
      [user.rows[0].id, minutes],
    );
  } finally {
    await client.end();
  }
}

describe('account deletion', () => {
  it('is refused to an API key, even an admin one (a leaked CI secret cannot wipe the tenant)', async () => {
    const owner = await signUp(t);
    const key = await createApiKey(t, owner, 'admin');
    const res = await t.request('DELETE', `/v1/accounts/${owner.accountId}`, { token: key });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('user_session_required');
    expect(await accountExists(owner)).toBe(true);
  });

  it('needs a password sign-in within the last 5 minutes; refreshing an old session is not enough', async () => {
    const owner = await signUp(t);
    await ageSession(owner, 6);
    const stale = await t.request('DELETE', `/v1/accounts/${owner.accountId}`, { token: owner.token });
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('reauthentication_required');

    const refreshed = await t.request('POST', '/v1/auth/refresh', {
      body: { refresh_token: owner.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const stillStale = await t.request('DELETE', `/v1/accounts/${owner.accountId}`, {
      token: refreshed.body.access_token,
    });
    expect(stillStale.status).toBe(403);
    expect(stillStale.body.code).toBe('reauthentication_required');
    expect(await accountExists(owner)).toBe(true);

    const fresh = await signIn(t, owner.email, owner.password);
    const deleted = await t.request('DELETE', `/v1/accounts/${owner.accountId}`, { token: fresh.token });
    expect(deleted.status, deleted.text).toBe(204);
  });
});

describe('idempotent replays', () => {
  it('return the first response byte for byte', async () => {
    const owner = await signUp(t);
    const channelId = await createSandboxChannel(t, owner);
    const contact = await createContact(t, owner, { phone: '+14155550100' });
    const body = {
      channel_id: channelId,
      contact_id: contact.id,
      message_body: 'Hello',
      // Keys in an order jsonb would not keep (it sorts them by length).
      metadata: { zebra_long_key: 1, a: 2, middle: { y: true, x: [3, 2, 1] } },
    };
    const headers = { 'idempotency-key': `replay-${Date.now()}` };
    const first = await t.request('POST', '/v1/messages', {
      token: owner.token,
      accountId: owner.accountId,
      body,
      headers,
    });
    expect(first.status, first.text).toBe(202);
    const replay = await t.request('POST', '/v1/messages', {
      token: owner.token,
      accountId: owner.accountId,
      body,
      headers,
    });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
  });
});
