import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
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

describe('broadcasts with a message_body', () => {
  it('do not add to the template library of a caller without templates:write (one-off, unlisted)', async () => {
    const owner = await signUp(t);
    const role = await t.request('POST', '/v1/roles', {
      token: owner.token,
      accountId: owner.accountId,
      body: {
        name: 'sender',
        permissions: [
          'group_messages:send',
          'group_messages:read',
          'templates:read',
          'channels:read',
          'contacts:read',
        ],
      },
    });
    expect(role.status, role.text).toBe(201);
    const sender = await addMember(t, owner, 'sender');
    const channelId = await createSandboxChannel(t, owner);
    const contact = await createContact(t, owner, { phone: '+14155550123' });
    const broadcast = await t.request('POST', '/v1/group-messages', {
      token: sender.token,
      accountId: owner.accountId,
      body: {
        name: 'Flash sale',
        channel_id: channelId,
        message_body: 'Click http://phish.example',
        contact_group_ids: [],
        contact_ids: [contact.id],
      },
    });
    expect(broadcast.status, broadcast.text).toBe(201);
    const templateId = broadcast.body.template_id;
    expect(templateId).toEqual(expect.any(String));
    // Readable by id, with the broadcast's body...
    const byId = await t.request('GET', `/v1/templates/${templateId}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(byId.status).toBe(200);
    expect(byId.body.message_body).toBe('Click http://phish.example');
    // ...but not in the library agents pick templates from.
    const listed = await t.request('GET', '/v1/templates?page_size=100', {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(templateId);
    expect(listed.text).not.toContain('phish.example');
    // The sender still cannot write templates directly.
    const direct = await t.request('POST', '/v1/templates', {
      token: sender.token,
      accountId: owner.accountId,
      body: { name: 'x', message_body: 'y' },
    });
    expect(direct.status).toBe(403);
  });
});

describe('recipient addresses', () => {
  it('are masked for a caller without contacts:read, who cannot search them either', async () => {
    const owner = await signUp(t);
    const role = await t.request('POST', '/v1/roles', {
      token: owner.token,
      accountId: owner.accountId,
      body: { name: 'reporter', permissions: ['messages:read'] },
    });
    expect(role.status, role.text).toBe(201);
    const reporter = await createApiKey(t, owner, 'reporter');
    const channelId = await createSandboxChannel(t, owner);
    const contact = await createContact(t, owner, { phone: '+14155550177' });
    const sent = await t.request('POST', '/v1/messages', {
      token: owner.token,
      accountId: owner.accountId,
      body: { channel_id: channelId, contact_id: contact.id, message_body: 'Hi' },
    });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.body.delivery_address).toBe('+14155550177');

    const list = await t.request('GET', '/v1/messages', { token: reporter });
    expect(list.status).toBe(200);
    expect(list.body.items[0].delivery_address).toBe('••••0177');
    expect(list.text).not.toContain('+14155550177');
    const one = await t.request('GET', `/v1/messages/${sent.body.id}`, { token: reporter });
    expect(one.body.delivery_address).toBe('••••0177');
    for (const query of [
      'filter=delivery_address:eq:%2B14155550177',
      'filter=delivery_address:startswith:%2B1415',
      'sort=delivery_address:asc',
    ]) {
      const probe = await t.request('GET', `/v1/messages?${query}`, { token: reporter });
      expect(probe.status, query).toBe(403);
    }
    const contacts = await t.request('GET', `/v1/contacts/${contact.id}`, { token: reporter });
    expect(contacts.status).toBe(403);
  });
});
