import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createContact,
  createSandboxChannel,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// A role that may read or send messages, broadcasts or schedules but not read contacts (a reporting
// or sending key) sees recipients' addresses masked and never a body rendered from contact fields,
// wherever they appear: the same rule as GET /v1/messages (tests/security/permission-leaks.test.ts).

const PHONE = '+14155550188';
const MASKED = '••••0188';

let t: TestContext;
let owner: Session;
let db: pg.Client;
let channelId: string;
let contactId: string;
let keyWithout: string;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  channelId = await createSandboxChannel(t, owner);
  contactId = (await createContact(t, owner, { phone: PHONE, first_name: 'Selam' })).id;
  const role = await t.request('POST', '/v1/roles', {
    token: owner.token,
    accountId: owner.accountId,
    body: {
      name: 'operator',
      permissions: [
        'messages:read',
        'messages:send',
        'group_messages:read',
        'group_messages:send',
        'scheduled_messages:read',
        'scheduled_messages:send',
        'channels:read',
        'templates:read',
      ],
    },
  });
  expect(role.status, role.text).toBe(201);
  keyWithout = await createApiKey(t, owner, 'operator');
});
afterAll(async () => {
  await db?.end();
  await t.close();
});

const asOwner = () => ({ token: owner.token, accountId: owner.accountId });

describe('messages sent and changed by a caller without contacts:read', () => {
  it('answers the send, the cancel and the retry with the address masked', async () => {
    const sent = await t.request('POST', '/v1/messages', {
      token: keyWithout,
      body: {
        channel_id: channelId,
        contact_id: contactId,
        message_body: 'Hi',
        scheduled_at: '2099-01-01T00:00:00Z',
      },
    });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.body.delivery_address).toBe(MASKED);
    const cancelled = await t.request('PATCH', `/v1/messages/${sent.body.id}`, {
      token: keyWithout,
      body: { status: 'cancelled' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.delivery_address).toBe(MASKED);

    const failed = await t.request('POST', '/v1/messages', {
      ...asOwner(),
      body: { channel_id: channelId, contact_id: contactId, message_body: 'Hi' },
    });
    await db.query(`UPDATE messages SET status = 'permanently_failed' WHERE id = $1`, [failed.body.id]);
    const retried = await t.request('POST', `/v1/messages/${failed.body.id}/retry`, { token: keyWithout });
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body.delivery_address).toBe(MASKED);
    for (const res of [sent, cancelled, retried]) expect(res.text).not.toContain(PHONE);
  });

  it('shows an inbound message from a contact with the sender address masked', async () => {
    const inbound = await db.query(
      `INSERT INTO messages (account_id, channel_id, contact_id, direction, status, delivery_address, message_body)
       VALUES ($1, $2, $3, 'inbound', 'delivered', $4, 'STOP') RETURNING id`,
      [owner.accountId, channelId, contactId, PHONE],
    );
    const one = await t.request('GET', `/v1/messages/${inbound.rows[0].id}`, { token: keyWithout });
    expect(one.status, one.text).toBe(200);
    expect(one.body).toMatchObject({ direction: 'inbound', delivery_address: MASKED });
    const list = await t.request('GET', '/v1/messages?filter=direction:eq:inbound', { token: keyWithout });
    expect(list.body.items.map((m: any) => m.delivery_address)).toEqual([MASKED]);
    expect(list.text).not.toContain(PHONE);
  });
});

describe('scheduled messages for a caller without contacts:read', () => {
  it('masks the address in every answer: create, list, read, edit, pause', async () => {
    const created = await t.request('POST', '/v1/scheduled-messages', {
      token: keyWithout,
      body: {
        send_type: 'single',
        channel_id: channelId,
        delivery_address: PHONE,
        message_body: 'Reminder',
        scheduled_at: '2099-06-01T09:00:00',
        timezone: 'UTC',
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const answers = [
      created,
      await t.request('GET', '/v1/scheduled-messages', { token: keyWithout }),
      await t.request('GET', `/v1/scheduled-messages/${id}`, { token: keyWithout }),
      await t.request('PATCH', `/v1/scheduled-messages/${id}`, {
        token: keyWithout,
        body: { name: 'Renamed' },
      }),
      await t.request('POST', `/v1/scheduled-messages/${id}/pause`, { token: keyWithout }),
    ];
    for (const res of answers) {
      expect(res.status, res.text).toBeLessThan(300);
      expect(res.text).not.toContain(PHONE);
      const schedule = res.body.items ? res.body.items[0] : res.body;
      expect(schedule.delivery_address).toBe(MASKED);
    }
    // Someone who reads contacts sees it in clear.
    const mine = await t.request('GET', `/v1/scheduled-messages/${id}`, asOwner());
    expect(mine.body.delivery_address).toBe(PHONE);
  });
});

describe('a broadcast check for a caller without contacts:read', () => {
  it('counts the audience but shows no body rendered from contact fields', async () => {
    const broadcast = await t.request('POST', '/v1/group-messages', {
      ...asOwner(),
      body: {
        name: 'Greeting',
        channel_id: channelId,
        message_body: 'Hello {FIRST_NAME}',
        contact_group_ids: [],
        contact_ids: [contactId],
      },
    });
    expect(broadcast.status, broadcast.text).toBe(201);
    const theirs = await t.request('POST', `/v1/group-messages/${broadcast.body.id}/check`, {
      token: keyWithout,
    });
    expect(theirs.status, theirs.text).toBe(200);
    expect(theirs.body).toMatchObject({ recipients: 1, sendable: 1, sample: [] });
    expect(theirs.text).not.toContain('Selam');
    const mine = await t.request('POST', `/v1/group-messages/${broadcast.body.id}/check`, asOwner());
    expect(mine.body.sample).toEqual([{ contact_id: contactId, body: 'Hello Selam' }]);
  });
});
