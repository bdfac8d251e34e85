import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordStatusEvents } from '../../src/dispatch/receipts.js';
import type { RunningWorker } from '../../workers/index.js';
import { addMember, type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import {
  as,
  createSandboxChannel,
  createTemplate,
  type DispatchTest,
  enqueueBatches,
  getGroupMessage,
  patchChannel,
  phones,
  seedGroup,
  sendQueuesIdle,
  setupDispatchTest,
  startRoles,
  stopRoles,
  waitFor,
} from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
});

afterEach(async () => {
  await stopRoles(workers);
  workers = [];
});

afterAll(async () => {
  await env?.close();
});

async function createContact(body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', '/v1/contacts', { ...as(owner), body });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function groupMessages(groupId: string): Promise<any[]> {
  const res = await t.request(
    'GET',
    `/v1/messages?filter=group_message_id:eq:${groupId}&page_size=100`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

function expectCountersAddUp(group: any) {
  const { total_recipients, sent_count, failed_count, skipped_count, cancelled_count, pending_count } = group;
  expect(sent_count + failed_count + skipped_count + cancelled_count + pending_count).toBe(total_recipients);
}

describe('broadcast sends', () => {
  it('render each body from the template with contact, account and sender values, skip per the fallback, and complete the group', async () => {
    const channel = await createSandboxChannel(t, owner, { sender_name: 'Turumba' });
    const template = await createTemplate(t, owner, {
      message_body: 'Hi {FIRST_NAME} from {ACCOUNT_NAME} via {SENDER_NAME}: code {CODE}',
      fallback_strategy: 'skip_contact',
    });
    const ann = await createContact({
      first_name: 'Ann',
      phone: '+255713000001',
      attributes: { code: '111' },
    });
    const ben = await createContact({
      first_name: 'Ben',
      phone: '+255713000002',
      attributes: { CODE: '222' },
    });
    const cy = await createContact({ first_name: 'Cy', phone: '+255713000003' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: [
        { address: '+255713000001', contactId: ann },
        { address: '+255713000002', contactId: ben },
        { address: '+255713000003', contactId: cy },
      ],
    });
    workers = await startRoles(t, ['send']);
    await enqueueBatches(t, owner, channel.id, group);

    const done = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.status === 'completed' && g.delivered_count === 2 ? g : undefined;
    }, 'the broadcast to complete');
    expect(done).toMatchObject({
      total_recipients: 3,
      sent_count: 2,
      delivered_count: 2,
      failed_count: 0,
      skipped_count: 1,
      cancelled_count: 0,
      pending_count: 0,
    });
    expect(done.completed_at).not.toBeNull();

    const byContact = new Map((await groupMessages(group.groupId)).map((m) => [m.contact_id, m]));
    expect(byContact.get(ann)).toMatchObject({
      status: 'delivered',
      message_body: 'Hi Ann from Acme via Turumba: code 111',
      segments: 1,
      attempts: 1,
    });
    expect(byContact.get(ben)?.message_body).toBe('Hi Ben from Acme via Turumba: code 222');
    expect(byContact.get(cy)).toMatchObject({
      status: 'skipped',
      attempts: 0,
      provider_message_id: null,
      error_details: { reason: 'skip_contact', missing_variables: ['CODE'] },
    });

    // The group reports its own completion; its messages emit no per-message events.
    const events = await env.sql.query<{ event_type: string; aggregate_id: string }>(
      `SELECT event_type, aggregate_id FROM outbox_events WHERE event_type LIKE 'group_message.%' OR event_type LIKE 'message.%'`,
    );
    expect(events.rows).toContainEqual({
      event_type: 'group_message.completed',
      aggregate_id: group.groupId,
    });
    expect(events.rows.filter((e) => e.event_type.startsWith('message.'))).toEqual([]);
  });

  it('never claim a message of a cancelled group, whether cancelled before or during the send', async () => {
    // 50 messages/s: the bulk lane sends in takes of 22, so the cancel lands mid-broadcast.
    const channel = await createSandboxChannel(t, owner, { rate_limit: 50 });
    const template = await createTemplate(t, owner, { message_body: 'News for {PHONE}' });
    // A group cancelled while a fan-out page was still being written: its rows are still queued.
    const cancelledEarly = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(10, 41).map((address) => ({ address })),
      status: 'cancelled',
    });
    const cancelledLater = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(150, 42).map((address) => ({ address })),
    });
    await enqueueBatches(t, owner, channel.id, cancelledEarly, 5);
    await enqueueBatches(t, owner, channel.id, cancelledLater, 50);
    workers = await startRoles(t, ['send']);

    await waitFor(async () => {
      const g = await getGroupMessage(t, owner, cancelledLater.groupId);
      return g.sent_count >= 20;
    }, 'the first sends');
    const cancel = await t.request('POST', `/v1/group-messages/${cancelledLater.groupId}/cancel`, as(owner));
    expect(cancel.status, cancel.text).toBe(200);
    const cancelledAt = (await env.sql.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
    await waitFor(() => sendQueuesIdle(t), 'the send lanes to drain');

    const later = await getGroupMessage(t, owner, cancelledLater.groupId);
    expect(later.status).toBe('cancelled');
    expect(later.pending_count).toBe(0);
    expect(later.sent_count).toBeLessThan(150);
    expect(later.sent_count + later.cancelled_count).toBe(150);
    expectCountersAddUp(later);
    const { rows } = await env.sql.query<{ status: string; n: number; last_claim: Date | null }>(
      `SELECT status, count(*)::int AS n, max(sending_at) AS last_claim FROM messages
       WHERE group_message_id = $1 GROUP BY status`,
      [cancelledLater.groupId],
    );
    const sentRows = rows.filter((r) => r.status === 'sent' || r.status === 'delivered');
    expect(rows.every((r) => ['sent', 'delivered', 'cancelled'].includes(r.status))).toBe(true);
    expect(sentRows.reduce((sum, r) => sum + r.n, 0)).toBe(later.sent_count);
    for (const r of rows)
      if (r.last_claim) expect(r.last_claim.getTime()).toBeLessThan(cancelledAt.getTime());

    const early = await env.sql.query(
      `SELECT status, attempts, sending_at, provider_message_id FROM messages WHERE group_message_id = $1`,
      [cancelledEarly.groupId],
    );
    expect(early.rows).toHaveLength(10);
    for (const row of early.rows) {
      expect(row).toMatchObject({
        status: 'queued',
        attempts: 0,
        sending_at: null,
        provider_message_id: null,
      });
    }
  });

  it('redrive permanently failed messages with POST /v1/group-messages/{id}/retry-failed', async () => {
    const channel = await createSandboxChannel(t, owner, {
      config: { failure_rate: 1 },
      retry_count: 1,
      retry_interval: 1,
    });
    const template = await createTemplate(t, owner, { message_body: 'Reminder' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(5, 43).map((address) => ({ address })),
    });
    workers = await startRoles(t, ['send']);
    await enqueueBatches(t, owner, channel.id, group);

    const failed = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.status === 'failed' ? g : undefined;
    }, 'every message to fail');
    expect(failed).toMatchObject({ failed_count: 5, sent_count: 0, pending_count: 0 });
    for (const m of await groupMessages(group.groupId)) {
      expect(m).toMatchObject({ status: 'permanently_failed', attempts: 2 });
      expect(m.error_details).toMatchObject({ reason: 'retries_exhausted' });
    }

    await patchChannel(t, owner, channel.id, { config: { failure_rate: 0 } });
    const retried = await t.request('POST', `/v1/group-messages/${group.groupId}/retry-failed`, as(owner));
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body.requeued).toBe(5);
    expect(retried.body.group_message).toMatchObject({
      status: 'processing',
      failed_count: 0,
      pending_count: 5,
    });

    const done = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.status === 'completed' ? g : undefined;
    }, 'the redriven broadcast to complete');
    expect(done).toMatchObject({ sent_count: 5, failed_count: 0, pending_count: 0 });
    expectCountersAddUp(done);

    // Nothing left to redrive; a cancelled broadcast cannot be redriven.
    const again = await t.request('POST', `/v1/group-messages/${group.groupId}/retry-failed`, as(owner));
    expect(again.status, again.text).toBe(202);
    expect(again.body.requeued).toBe(0);
  });

  it('record later receipts once: delivered counts within sent, a failure moves a message from sent to failed', async () => {
    // deliver: false — the sandbox accepts and never confirms, like a provider whose receipts come later.
    const channel = await createSandboxChannel(t, owner, { config: { deliver: false } });
    const template = await createTemplate(t, owner, { message_body: 'Later receipts' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(3, 45).map((address) => ({ address })),
    });
    workers = await startRoles(t, ['send']);
    await enqueueBatches(t, owner, channel.id, group);
    const sent = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.status === 'completed' ? g : undefined;
    }, 'the sends');
    expect(sent).toMatchObject({ sent_count: 3, delivered_count: 0, failed_count: 0 });
    const [first, second] = await groupMessages(group.groupId);
    expect(first.status).toBe('sent');

    const at = new Date();
    const receipts = [
      { providerMessageId: first.provider_message_id, status: 'delivered' as const, occurredAt: at },
      { providerMessageId: second.provider_message_id, status: 'failed' as const, occurredAt: at },
      { providerMessageId: 'sbx_unknown', status: 'delivered' as const, occurredAt: at },
    ];
    const db = t.runtime.database.db;
    expect(await recordStatusEvents(db, channel.id, receipts)).toBe(2);
    // The same receipts again (a provider retrying its webhook) change nothing.
    expect(await recordStatusEvents(db, channel.id, receipts)).toBe(0);

    const after = await getGroupMessage(t, owner, group.groupId);
    expect(after).toMatchObject({
      status: 'partially_failed',
      sent_count: 2,
      delivered_count: 1,
      failed_count: 1,
      pending_count: 0,
    });
    expectCountersAddUp(after);
    const byId = new Map((await groupMessages(group.groupId)).map((m) => [m.id, m]));
    expect(byId.get(first.id)).toMatchObject({ status: 'delivered' });
    expect(byId.get(second.id)).toMatchObject({
      status: 'permanently_failed',
      error_details: { code: 'delivery_failed' },
    });
  });

  it('refuse a redrive without auth, for a viewer, for another tenant, and for a cancelled broadcast', async () => {
    const channel = await createSandboxChannel(t, owner);
    const template = await createTemplate(t, owner, { message_body: 'Hello' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(1, 44).map((address) => ({ address })),
      status: 'cancelled',
    });
    const path = `/v1/group-messages/${group.groupId}/retry-failed`;
    expect((await t.request('POST', path)).status).toBe(401);
    const viewer = await addMember(t, owner, 'viewer');
    expect((await t.request('POST', path, as(viewer))).status).toBe(403);
    const stranger = await signUp(t);
    const foreign = await t.request('POST', path, as(stranger));
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(group.groupId);
    const conflict = await t.request('POST', path, as(owner));
    expect(conflict.status, conflict.text).toBe(409);
    expect(conflict.headers.get('content-type')).toContain('application/problem+json');
  });
});
