import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createContact,
  createSandboxChannel,
  roleId,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// What a member created keeps running after they leave only if the account says so
// (`on_member_removed`); by default nothing of it changes.

let t: TestContext;
let owner: Session;
let channelId: string;
let contactId: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  channelId = await createSandboxChannel(t, owner);
  contactId = (await createContact(t, owner, { name: 'Abebe', phone: '+251911234567' })).id;
});
afterAll(() => t.close());

const as = (session: Session) => ({ token: session.token, accountId: owner.accountId });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function setSettings(settings: Record<string, unknown>) {
  const res = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    ...as(owner),
    body: { on_member_removed: settings },
  });
  expect(res.status, res.text).toBe(200);
  return res.body.on_member_removed;
}

type Work = { schedule: string; draft: string; queued: string; sending: string };

/** A schedule, a draft, a queued (later) and a sending broadcast, all created by `session`. */
async function createWork(session: Session): Promise<Work> {
  const schedule = await t.request('POST', '/v1/scheduled-messages', {
    ...as(session),
    body: {
      name: 'Reminder',
      send_type: 'single',
      channel_id: channelId,
      delivery_address: '+251911234567',
      message_body: 'Your appointment is tomorrow',
      scheduled_at: inAnHour(),
      timezone: 'Africa/Addis_Ababa',
    },
  });
  expect(schedule.status, schedule.text).toBe(201);
  const broadcast = async (fields: Record<string, unknown>) => {
    const res = await t.request('POST', '/v1/group-messages', {
      ...as(session),
      body: {
        name: 'Promo',
        channel_id: channelId,
        message_body: 'Sale today',
        contact_group_ids: [],
        contact_ids: [contactId],
        ...fields,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const draft = await broadcast({ status: 'draft' });
  const queued = await broadcast({ status: 'queued', scheduled_at: inAnHour() });
  const sending = await broadcast({ status: 'queued', scheduled_at: inAnHour() });
  // No worker runs here: put one in the state a fan-out would have given it.
  const db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE group_messages SET status = 'processing', started_at = now() WHERE id = $1`, [
      sending,
    ]);
  } finally {
    await db.end();
  }
  return { schedule: schedule.body.id, draft, queued, sending };
}

async function statesOf(work: Work) {
  const read = async (path: string) => {
    const res = await t.request('GET', path, as(owner));
    expect(res.status, res.text).toBe(200);
    return res.body.status as string;
  };
  return {
    schedule: await read(`/v1/scheduled-messages/${work.schedule}`),
    draft: await read(`/v1/group-messages/${work.draft}`),
    queued: await read(`/v1/group-messages/${work.queued}`),
    sending: await read(`/v1/group-messages/${work.sending}`),
  };
}

const RUNNING = { schedule: 'pending', draft: 'draft', queued: 'queued', sending: 'processing' };

/** The stops recorded for one schedule or broadcast (its creation is in the log too). */
async function auditOf(resourceId: string) {
  const res = await t.request(
    'GET',
    `/v1/audit-log?filter=resource_id:eq:${resourceId}&filter=action:in:scheduled_message.paused,group_message.cancelled`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items as { action: string; actor: { id: string }; changes: Record<string, any> }[];
}

describe("a removed member's schedules and broadcasts", () => {
  it('keep running by default', async () => {
    const account = await t.request('GET', `/v1/accounts/${owner.accountId}`, as(owner));
    expect(account.body.on_member_removed).toEqual({ pause_schedules: false, cancel_broadcasts: false });
    const member = await addMember(t, owner, 'admin');
    const work = await createWork(member);
    expect((await t.request('DELETE', `/v1/users/${member.userId}`, as(owner))).status).toBe(204);
    expect(await statesOf(work)).toEqual(RUNNING);
  });

  it('are paused and cancelled (not the ones already sending, nor anyone else’s) when the account says so', async () => {
    expect(await setSettings({ pause_schedules: true, cancel_broadcasts: true })).toEqual({
      pause_schedules: true,
      cancel_broadcasts: true,
    });
    const member = await addMember(t, owner, 'agent');
    const theirs = await createWork(member);
    const mine = await createWork(owner);
    expect((await t.request('DELETE', `/v1/users/${member.userId}`, as(owner))).status).toBe(204);

    expect(await statesOf(theirs)).toEqual({
      schedule: 'paused',
      draft: 'cancelled',
      queued: 'cancelled',
      sending: 'processing',
    });
    expect(await statesOf(mine)).toEqual(RUNNING);
    const [paused] = await auditOf(theirs.schedule);
    expect(paused).toMatchObject({
      action: 'scheduled_message.paused',
      actor: { id: owner.userId },
      changes: { status: { from: 'pending', to: 'paused' }, reason: { to: 'creator_removed' } },
    });
    const [cancelled] = await auditOf(theirs.queued);
    expect(cancelled).toMatchObject({
      action: 'group_message.cancelled',
      changes: { status: { from: 'queued', to: 'cancelled' }, reason: { to: 'creator_removed' } },
    });
    expect(await auditOf(theirs.sending)).toEqual([]);
    // The cancelled broadcast counts its recipient as cancelled, as a cancel from the API does.
    const queued = await t.request('GET', `/v1/group-messages/${theirs.queued}`, as(owner));
    expect(queued.body).toMatchObject({ cancelled_count: queued.body.total_recipients, pending_count: 0 });
  });

  it('follow each setting alone (a PATCH changes only the keys it names)', async () => {
    expect(await setSettings({ cancel_broadcasts: false })).toEqual({
      pause_schedules: true,
      cancel_broadcasts: false,
    });
    const member = await addMember(t, owner, 'admin');
    const work = await createWork(member);
    expect((await t.request('DELETE', `/v1/users/${member.userId}`, as(owner))).status).toBe(204);
    expect(await statesOf(work)).toEqual({ ...RUNNING, schedule: 'paused' });
  });

  it('stop when the member is demoted to a role that could not create them, not to one that could', async () => {
    await setSettings({ pause_schedules: true, cancel_broadcasts: true });
    const member = await addMember(t, owner, 'admin');
    const work = await createWork(member);
    const demote = (role: string) =>
      roleId(t, owner, role).then((id) =>
        t.request('PATCH', `/v1/users/${member.userId}`, { ...as(owner), body: { role_id: id } }),
      );
    expect((await demote('agent')).status).toBe(200);
    expect(await statesOf(work)).toEqual(RUNNING);
    expect((await demote('viewer')).status).toBe(200);
    expect(await statesOf(work)).toEqual({
      schedule: 'paused',
      draft: 'cancelled',
      queued: 'cancelled',
      sending: 'processing',
    });
    const [paused] = await auditOf(work.schedule);
    expect(paused?.changes.reason).toEqual({ to: 'creator_demoted' });
  });

  it('is a setting only account:manage changes, with booleans only', async () => {
    const agent = await addMember(t, owner, 'agent');
    const denied = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
      ...as(agent),
      body: { on_member_removed: { pause_schedules: false } },
    });
    expect(denied.status).toBe(403);
    for (const bad of [{ pause_schedules: 'yes' }, { cancel_broadcasts: null }, { keep: true }]) {
      const res = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
        ...as(owner),
        body: { on_member_removed: bad },
      });
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
    const audit = await t.request('GET', '/v1/audit-log?filter=action:eq:account.updated', as(owner));
    expect(audit.body.items.some((e: any) => e.changes?.on_member_removed)).toBe(true);
  });
});
