import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import {
  as,
  createSandboxChannel,
  type DispatchTest,
  getGroupMessage,
  setupDispatchTest,
  stopRoles,
  waitFor,
} from '../dispatch/support.js';
import { addMember, createApiKey, type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { contactId, runGroupSchedule } from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
let agent: Session;
let approver: Session;
let other: Session;
let channel: any;
let audience: string[];
const workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
  other = await signUp(t, { accountName: 'Other' });
  const role = await t.request('POST', '/v1/roles', {
    ...as(owner),
    body: { name: 'approver', permissions: ['group_messages:approve'] },
  });
  expect(role.status, role.text).toBe(201);
  agent = await addMember(t, owner, 'agent');
  approver = await addMember(t, owner, 'approver');
  const settings = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    ...as(owner),
    body: { consent: { approval_threshold: 2 } },
  });
  expect(settings.status, settings.text).toBe(200);
  channel = await createSandboxChannel(t, owner);
  audience = [];
  for (let i = 1; i <= 3; i++) audience.push(await contactId(t, owner, { phone: `+25571700000${i}` }));
  for (const role of ['outbox-relay', 'event-consumer', 'fanout', 'send'] as const) {
    workers.push(await ROLE_STARTERS[role](t.runtime));
  }
});
afterAll(async () => {
  await stopRoles(workers);
  await env?.close();
});

async function broadcast(by: Session, contactIds: string[]) {
  const res = await t.request('POST', '/v1/group-messages', {
    ...as(by),
    body: {
      name: 'Big news',
      channel_id: channel.id,
      message_body: 'Big news',
      contact_ids: contactIds,
      status: 'queued',
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const decide = (
  by: Session | { token: string; accountId: string },
  id: string,
  verb: string,
  body?: object,
) =>
  t.request('POST', `/v1/group-messages/${id}/${verb}`, {
    ...('userId' in by ? as(by) : by),
    body: body ?? {},
  });

describe('broadcast approval', () => {
  it('holds a broadcast over the threshold until another user approves it; then it is sent', async () => {
    const group = await broadcast(agent, audience);
    expect(group).toMatchObject({
      status: 'pending_approval',
      created_by_user_id: agent.userId,
      approval: { recipients: 3, threshold: 2, requested_by_user_id: agent.userId, decision: null },
    });
    // The agent may send, not approve; the creator may not approve their own.
    expect((await decide(agent, group.id, 'approve')).status).toBe(403);
    const self = await addMember(t, owner, 'admin');
    const own = await broadcast(self, audience);
    const selfApproval = await decide(self, own.id, 'approve');
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.code).toBe('approver_is_requester');
    // An API key is nobody in particular: it cannot be the second pair of eyes.
    const key = await createApiKey(t, owner, 'admin');
    const byKey = await decide({ token: key, accountId: owner.accountId }, group.id, 'approve');
    expect(byKey.status).toBe(403);
    expect(byKey.body.code).toBe('approver_must_be_user');
    // Another tenant sees nothing.
    expect((await decide(other, group.id, 'approve')).status).toBe(404);
    // Nothing was sent while it waited.
    expect((await getGroupMessage(t, owner, group.id)).sent_count).toBe(0);

    const approved = await decide(approver, group.id, 'approve');
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'queued',
      approval: { decision: 'approved', decided_by_user_id: approver.userId },
    });
    expect(approved.body.approval.decided_at).toMatch(/Z$/);
    await waitFor(
      async () => {
        const g = await getGroupMessage(t, owner, group.id);
        return g.status === 'completed' && g.sent_count === 3 ? g : undefined;
      },
      'the approved broadcast to be sent',
      30_000,
    );
    expect((await decide(approver, group.id, 'approve')).status).toBe(409);
    await decide(approver, own.id, 'reject', { reason: 'cleanup' });
  });

  it('a rejected broadcast is cancelled with nothing sent; one within the threshold needs no approval', async () => {
    const group = await broadcast(agent, audience);
    const rejected = await decide(approver, group.id, 'reject', { reason: 'Wrong audience' });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'cancelled',
      sent_count: 0,
      pending_count: 0,
      error_details: { code: 'approval_rejected', reason: 'Wrong audience' },
      approval: { decision: 'rejected', decided_by_user_id: approver.userId, reason: 'Wrong audience' },
    });
    expect((await decide(approver, group.id, 'approve')).status).toBe(409);

    const small = await broadcast(agent, audience.slice(0, 2));
    expect(small).toMatchObject({ status: 'queued', approval: null });

    // A draft started later is held the same way.
    const draft = await t.request('POST', '/v1/group-messages', {
      ...as(agent),
      body: { name: 'Draft', channel_id: channel.id, message_body: 'Later', contact_ids: audience },
    });
    const started = await t.request('POST', `/v1/group-messages/${draft.body.id}/start`, as(agent));
    expect(started.body).toMatchObject({ status: 'pending_approval', approval: { recipients: 3 } });
    const cancelled = await t.request('POST', `/v1/group-messages/${draft.body.id}/cancel`, as(agent));
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('a schedule’s broadcast over the threshold waits for approval too, and its creator cannot approve it', async () => {
    const { broadcast: held } = await runGroupSchedule(t, owner, channel.id, audience);
    expect(held).toMatchObject({
      status: 'pending_approval',
      approval: { recipients: 3, threshold: 2, requested_by_user_id: owner.userId, decision: null },
    });
    // The schedule's author asked for it: four eyes hold for them as for a broadcast of their own.
    expect((await decide(owner, held.id, 'approve')).body.code).toBe('approver_is_requester');
    expect((await getGroupMessage(t, owner, held.id)).sent_count).toBe(0);
    const approved = await decide(approver, held.id, 'approve');
    expect(approved.status, approved.text).toBe(200);
    await waitFor(
      async () => {
        const g = await getGroupMessage(t, owner, held.id);
        return g.status === 'completed' && g.sent_count === 3 ? g : undefined;
      },
      'the approved scheduled broadcast to be sent',
      30_000,
    );
  });
});
