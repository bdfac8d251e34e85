import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createApiKey,
  createContact,
  createSandboxChannel,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Every create, update and delete of the tenant's data lands in the audit log, in the transaction of
// the change, as one entry per operation (an import or a bulk membership change is one entry), and
// the log never holds a contact's phone, email, name or attributes, nor a recipient's address.

const UA = 'audit-coverage/1.0';
const IP = '203.0.113.44';
const PHONE = '+251911000111';
const EMAIL = 'abebe.private@example.com';
const SECRET_NOTE = 'allergic-to-penicillin';

let t: TestContext;
let owner: Session;
let db: pg.Client;
let channelId: string;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  channelId = await createSandboxChannel(t, owner);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t.close();
});

const as = (session: Session | string, extra: Record<string, unknown> = {}) => ({
  token: typeof session === 'string' ? session : session.token,
  accountId: owner.accountId,
  headers: { 'user-agent': UA },
  remoteAddress: IP,
  ...extra,
});

async function call(
  method: string,
  path: string,
  status: number,
  body?: unknown,
  by: Session | string = owner,
) {
  const res = await t.request(method, path, as(by, body === undefined ? {} : { body }));
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  return res.body;
}

/** The audit entries of one resource, oldest first, as the API shows them. */
async function entriesFor(resourceId: string) {
  const res = await t.request(
    'GET',
    `/v1/audit-log?filter=resource_id:eq:${resourceId}&sort=created_at:asc&page_size=100`,
    {
      token: owner.token,
      accountId: owner.accountId,
    },
  );
  expect(res.status, res.text).toBe(200);
  return { items: res.body.items as any[], text: res.text };
}

async function auditTotal() {
  const res = await t.request('GET', '/v1/audit-log?page_size=1', {
    token: owner.token,
    accountId: owner.accountId,
  });
  return res.body.total as number;
}

function expectNoPersonalData(text: string, ...values: string[]) {
  for (const value of [PHONE, EMAIL, SECRET_NOTE, ...values]) expect(text).not.toContain(value);
}

describe('contacts in the audit log', () => {
  it('records a contact created, updated and deleted with who did it, personal values masked', async () => {
    const contact = await call('POST', '/v1/contacts', 201, {
      name: 'Abebe Kebede',
      phone: PHONE,
      email: EMAIL,
      attributes: { note: SECRET_NOTE },
      tags: ['vip'],
      timezone: 'Africa/Addis_Ababa',
    });
    await call('PATCH', `/v1/contacts/${contact.id}`, 200, { phone: '+251911000222', timezone: 'UTC' });
    await call('DELETE', `/v1/contacts/${contact.id}`, 204);

    const { items, text } = await entriesFor(contact.id);
    expect(items.map((e) => e.action)).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
    expect(items[0]).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      resource_type: 'contact',
      ip: IP,
      user_agent: UA,
    });
    expect(items[0].changes).toMatchObject({
      phone: { to: '••••' },
      email: { to: '••••' },
      attributes: { to: '••••' },
      telegram_chat_id: { to: null },
      timezone: { to: 'Africa/Addis_Ababa' },
    });
    // The update names what changed, and masks the personal part.
    expect(items[1].changes).toEqual({
      phone: { from: '••••', to: '••••' },
      timezone: { from: 'Africa/Addis_Ababa', to: 'UTC' },
    });
    expectNoPersonalData(text, '+251911000222', 'Abebe', 'vip');
  });

  it('records the API key that acted as the actor', async () => {
    const key = await createApiKey(t, owner, 'agent');
    const contact = await call('POST', '/v1/contacts', 201, { phone: '+251911000333' }, key);
    const { items } = await entriesFor(contact.id);
    expect(items).toHaveLength(1);
    expect(items[0].actor.type).toBe('api_key');
  });

  it('records a CSV import as one entry, never one per row', async () => {
    const csv =
      'name,phone,email\nAlmaz,+251911000401,almaz@example.com\nBekele,+251911000402,\nChaltu,+251911000403,\n';
    const res = await t.request(
      'POST',
      '/v1/contacts/import',
      as(owner, { rawBody: csv, headers: { 'content-type': 'text/csv', 'user-agent': UA } }),
    );
    expect(res.status, res.text).toBe(202);
    const { items, text } = await entriesFor(res.body.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: 'contact_import.created', resource_type: 'contact_import' });
    expect(text).not.toContain('+251911000401');
    expect(text).not.toContain('almaz@example.com');
  });

  it('records groups created, renamed and deleted, and each membership change as one entry', async () => {
    const a = await createContact(t, owner, { phone: '+251911000501' });
    const b = await createContact(t, owner, { phone: '+251911000502' });
    const group = await call('POST', '/v1/contact-groups', 201, { name: 'Donors' });
    await call('PATCH', `/v1/contact-groups/${group.id}`, 200, { name: 'Major donors' });
    await call('POST', `/v1/contact-groups/${group.id}/members`, 200, { contact_ids: [a.id, b.id] });
    // Adding them again changes nothing, and records nothing.
    await call('POST', `/v1/contact-groups/${group.id}/members`, 200, { contact_ids: [a.id, b.id] });
    await t.request(
      'DELETE',
      `/v1/contact-groups/${group.id}/members`,
      as(owner, { body: { contact_ids: [a.id] } }),
    );
    await call('DELETE', `/v1/contact-groups/${group.id}`, 204);

    const { items, text } = await entriesFor(group.id);
    expect(items.map((e) => [e.action, e.changes])).toEqual([
      ['contact_group.created', { name: { to: 'Donors' }, description: { to: null } }],
      ['contact_group.updated', { name: { from: 'Donors', to: 'Major donors' } }],
      ['contact_group.members_added', { contacts_added: { to: 2 } }],
      ['contact_group.members_removed', { contacts_removed: { to: 1 } }],
      ['contact_group.deleted', { name: { from: 'Major donors' }, description: { from: null } }],
    ]);
    expect(text).not.toContain('+251911000501');
  });

  it('records persons with their name and attributes masked', async () => {
    const person = await call('POST', '/v1/persons', 201, {
      name: 'Abebe Kebede',
      attributes: { note: SECRET_NOTE },
    });
    await call('PATCH', `/v1/persons/${person.id}`, 200, { name: 'Abebe K.' });
    await call('DELETE', `/v1/persons/${person.id}`, 204);
    const { items, text } = await entriesFor(person.id);
    expect(items.map((e) => e.action)).toEqual(['person.created', 'person.updated', 'person.deleted']);
    expect(items[1].changes).toEqual({ name: { from: '••••', to: '••••' } });
    expectNoPersonalData(text, 'Abebe');
  });
});

describe('templates and messages in the audit log', () => {
  it('records templates created, updated and deleted', async () => {
    const template = await call('POST', '/v1/templates', 201, { name: 'Welcome', message_body: 'Hi {NAME}' });
    await call('PATCH', `/v1/templates/${template.id}`, 200, { message_body: 'Hello {NAME}' });
    await call('DELETE', `/v1/templates/${template.id}`, 204);
    const { items } = await entriesFor(template.id);
    expect(items.map((e) => e.action)).toEqual(['template.created', 'template.updated', 'template.deleted']);
    expect(items[1].changes).toEqual({ message_body: { from: 'Hi {NAME}', to: 'Hello {NAME}' } });
  });

  it('records a message sent, cancelled, retried and deleted, never its address or body', async () => {
    const body = {
      channel_id: channelId,
      delivery_address: PHONE,
      message_body: `Your code is ${SECRET_NOTE}`,
    };
    const scheduled = await call('POST', '/v1/messages', 202, {
      ...body,
      scheduled_at: '2099-01-01T00:00:00Z',
    });
    await call('PATCH', `/v1/messages/${scheduled.id}`, 200, { status: 'cancelled' });
    await call('DELETE', `/v1/messages/${scheduled.id}`, 204);
    const sent = await call('POST', '/v1/messages', 202, body);
    await db.query(`UPDATE messages SET status = 'permanently_failed' WHERE id = $1`, [sent.id]);
    await call('POST', `/v1/messages/${sent.id}/retry`, 202);

    const first = await entriesFor(scheduled.id);
    expect(first.items.map((e) => e.action)).toEqual([
      'message.created',
      'message.cancelled',
      'message.deleted',
    ]);
    expect(first.items[0].changes).toMatchObject({
      channel_id: { to: channelId },
      status: { to: 'scheduled' },
      delivery_address: { to: '••••' },
    });
    expect(first.items[1].changes).toEqual({ status: { from: 'scheduled', to: 'cancelled' } });
    const second = await entriesFor(sent.id);
    expect(second.items.map((e) => e.action)).toEqual(['message.created', 'message.retried']);
    expect(second.items[1].changes).toEqual({ status: { from: 'permanently_failed', to: 'queued' } });
    expectNoPersonalData(first.text + second.text);
  });
});

describe('broadcasts and schedules in the audit log', () => {
  const broadcastBody = (contactIds: string[]) => ({
    name: 'Harvest news',
    channel_id: channelId,
    message_body: 'The harvest fair opens {DATE}',
    contact_group_ids: [],
    contact_ids: contactIds,
    variables: { secret: SECRET_NOTE },
  });

  it('records a broadcast created, edited, started and cancelled; another created and deleted', async () => {
    const contact = await createContact(t, owner, { phone: '+251911000601' });
    const draft = await call('POST', '/v1/group-messages', 201, broadcastBody([contact.id]));
    await call('PATCH', `/v1/group-messages/${draft.id}`, 200, { name: 'Harvest fair' });
    await call('POST', `/v1/group-messages/${draft.id}/start`, 200);
    await call('POST', `/v1/group-messages/${draft.id}/cancel`, 200);
    const other = await call('POST', '/v1/group-messages', 201, broadcastBody([contact.id]));
    await call('DELETE', `/v1/group-messages/${other.id}`, 204);

    const { items, text } = await entriesFor(draft.id);
    expect(items.map((e) => e.action)).toEqual([
      'group_message.created',
      'group_message.updated',
      'group_message.started',
      'group_message.cancelled',
    ]);
    expect(items[0].changes).toMatchObject({ status: { to: 'draft' }, variables: { to: '••••' } });
    expect(items[1].changes).toEqual({ name: { from: 'Harvest news', to: 'Harvest fair' } });
    expect(items[2].changes).toMatchObject({ status: { from: 'draft', to: 'queued' } });
    expect(items[3].changes).toMatchObject({ status: { from: 'queued', to: 'cancelled' } });
    expectNoPersonalData(text);
    expect((await entriesFor(other.id)).items.map((e) => e.action)).toEqual([
      'group_message.created',
      'group_message.deleted',
    ]);
    // The body sent with the broadcast became a one-off template: that creation is recorded too.
    const template = await entriesFor(draft.template_id);
    expect(template.items.map((e) => e.action)).toEqual(['template.created']);
  });

  it('records an approval and a rejection by the approver, and a retry of failed messages', async () => {
    const approverRole = await call('POST', '/v1/roles', 201, {
      name: 'approver',
      permissions: ['group_messages:approve', 'group_messages:read'],
    });
    expect(approverRole.id).toBeTruthy();
    const approver = await addMember(t, owner, 'approver');
    await call('PATCH', `/v1/accounts/${owner.accountId}`, 200, { consent: { approval_threshold: 1 } });
    const contacts = [
      (await createContact(t, owner, { phone: '+251911000701' })).id,
      (await createContact(t, owner, { phone: '+251911000702' })).id,
    ];
    const toApprove = await call('POST', '/v1/group-messages', 201, {
      ...broadcastBody(contacts),
      status: 'queued',
    });
    expect(toApprove.status).toBe('pending_approval');
    const toReject = await call('POST', '/v1/group-messages', 201, {
      ...broadcastBody(contacts),
      status: 'queued',
    });
    await call('POST', `/v1/group-messages/${toApprove.id}/approve`, 200, {}, approver);
    await call('POST', `/v1/group-messages/${toReject.id}/reject`, 200, { reason: 'not now' }, approver);
    await call('PATCH', `/v1/accounts/${owner.accountId}`, 200, { consent: { approval_threshold: null } });

    const approved = (await entriesFor(toApprove.id)).items;
    expect(approved.map((e) => e.action)).toEqual(['group_message.created', 'group_message.approved']);
    expect(approved[1]).toMatchObject({
      actor: { type: 'user', id: approver.userId },
      changes: { status: { from: 'pending_approval', to: 'queued' } },
    });
    expect((await entriesFor(toReject.id)).items.map((e) => e.action)).toEqual([
      'group_message.created',
      'group_message.rejected',
    ]);

    // A finished broadcast with two permanently failed messages: one redrive, one entry.
    const sent = [
      await call('POST', '/v1/messages', 202, {
        channel_id: channelId,
        contact_id: contacts[0],
        message_body: 'x',
      }),
      await call('POST', '/v1/messages', 202, {
        channel_id: channelId,
        contact_id: contacts[1],
        message_body: 'x',
      }),
    ];
    await db.query(
      `UPDATE messages SET status = 'permanently_failed', group_message_id = $1 WHERE id = ANY($2::uuid[])`,
      [toApprove.id, sent.map((m) => m.id)],
    );
    await db.query(
      `UPDATE group_messages SET status = 'failed', total_recipients = 2, failed_count = 2 WHERE id = $1`,
      [toApprove.id],
    );
    const retried = await call('POST', `/v1/group-messages/${toApprove.id}/retry-failed`, 202);
    expect(retried.requeued).toBe(2);
    const after = (await entriesFor(toApprove.id)).items;
    expect(after.map((e) => [e.action, e.changes])).toEqual([
      ['group_message.created', expect.anything()],
      ['group_message.approved', expect.anything()],
      ['group_message.failed_retried', { requeued: { to: 2 } }],
    ]);
  });

  it('records a schedule created, updated, paused, resumed, cancelled and deleted, its address masked', async () => {
    const schedule = await call('POST', '/v1/scheduled-messages', 201, {
      name: 'Reminder',
      send_type: 'single',
      channel_id: channelId,
      delivery_address: PHONE,
      message_body: `Reminder: ${SECRET_NOTE}`,
      scheduled_at: '2099-06-01T09:00:00',
      timezone: 'Africa/Addis_Ababa',
      is_recurring: true,
      recurrence_rule: 'daily',
    });
    await call('PATCH', `/v1/scheduled-messages/${schedule.id}`, 200, { name: 'Daily reminder' });
    await call('POST', `/v1/scheduled-messages/${schedule.id}/pause`, 200);
    await call('POST', `/v1/scheduled-messages/${schedule.id}/resume`, 200);
    await call('POST', `/v1/scheduled-messages/${schedule.id}/cancel`, 200);
    await call('DELETE', `/v1/scheduled-messages/${schedule.id}`, 204);

    const { items, text } = await entriesFor(schedule.id);
    expect(items.map((e) => e.action)).toEqual([
      'scheduled_message.created',
      'scheduled_message.updated',
      'scheduled_message.paused',
      'scheduled_message.resumed',
      'scheduled_message.cancelled',
      'scheduled_message.deleted',
    ]);
    expect(items[0].changes).toMatchObject({
      delivery_address: { to: '••••' },
      message_body: { to: '••••' },
      recurrence_rule: { to: 'daily' },
    });
    expect(items[1].changes).toEqual({ name: { from: 'Reminder', to: 'Daily reminder' } });
    expect(items[2].changes).toEqual({ status: { from: 'pending', to: 'paused' } });
    expectNoPersonalData(text);
  });
});

describe('opt-outs in the audit log', () => {
  it('records an opt-out added and removed, and an import as one entry, never the address', async () => {
    const optOut = await call('POST', '/v1/opt-outs', 201, {
      channel_type: 'sms',
      address: PHONE,
      reason: SECRET_NOTE,
    });
    await call('DELETE', `/v1/opt-outs/${optOut.id}`, 204);
    const { items, text } = await entriesFor(optOut.id);
    expect(items.map((e) => [e.action, e.changes?.address])).toEqual([
      ['opt_out.created', { to: '••••' }],
      ['opt_out.deleted', { from: '••••' }],
    ]);
    expectNoPersonalData(text);

    const csv = 'channel_type,address\nsms,+251911000801\nsms,+251911000802\nemail,someone@example.com\n';
    const imported = await t.request(
      'POST',
      '/v1/opt-outs/import',
      as(owner, { rawBody: csv, headers: { 'content-type': 'text/csv', 'user-agent': UA } }),
    );
    expect(imported.status, imported.text).toBe(200);
    const log = await t.request('GET', '/v1/audit-log?filter=action:eq:opt_out.imported', {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0].changes).toEqual({ imported: { to: 3 } });
    expect(log.text).not.toContain('+251911000801');
  });
});

describe('a change that does not happen leaves no audit entry', () => {
  it('writes nothing for refused changes (conflict, wrong state, validation)', async () => {
    await createContact(t, owner, { phone: '+251911000901' });
    const before = await auditTotal();
    await call('POST', '/v1/contacts', 409, { phone: '+251911000901' });
    const draft = await call('POST', '/v1/scheduled-messages', 201, {
      send_type: 'single',
      channel_id: channelId,
      delivery_address: PHONE,
      message_body: 'x',
      scheduled_at: '2099-06-01T09:00:00',
      timezone: 'UTC',
    });
    await call('POST', `/v1/scheduled-messages/${draft.id}/resume`, 409);
    await call('POST', '/v1/opt-outs', 422, { channel_type: 'sms', address: 'not a number' });
    expect(await auditTotal()).toBe(before + 1); // the schedule created, nothing else
  });

  it('rolls the change back when its audit entry cannot be written (one transaction)', async () => {
    // Sabotage the audit log for contacts only: the contact must not be created either.
    await db.query(`CREATE FUNCTION refuse_contact_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.resource_type = 'contact' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`);
    await db.query(
      'CREATE TRIGGER refuse_contact_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_contact_audit()',
    );
    try {
      const res = await t.request('POST', '/v1/contacts', as(owner, { body: { phone: '+251911000999' } }));
      expect(res.status).toBe(500);
      const found = await db.query('SELECT 1 FROM contacts WHERE phone = $1', ['+251911000999']);
      expect(found.rowCount).toBe(0);
    } finally {
      await db.query('DROP TRIGGER refuse_contact_audit ON audit_log');
      await db.query('DROP FUNCTION refuse_contact_audit()');
    }
  });
});
