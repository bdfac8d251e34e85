import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { importCsv } from '../contact-import/helpers.js';
import {
  as,
  createSandboxChannel,
  createTemplate,
  type DispatchTest,
  enqueueBatches,
  getGroupMessage,
  getMessage,
  phones,
  seedGroup,
  sendMessage,
  setupDispatchTest,
  startRoles,
  stopRoles,
} from '../dispatch/support.js';
import { addMember, type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { openStream, type SseClient, secondApp } from './support.js';

let env: DispatchTest;
let t: TestContext;
let other: { app: Awaited<ReturnType<typeof secondApp>>['app']; runtime: Runtime };
let owner: Session;
let stranger: Session;
let workers: RunningWorker[] = [];
const clients: SseClient[] = [];

async function stream(session: Session, app = other.app): Promise<SseClient> {
  const opened = await openStream(app, as(session));
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  expect(opened.headers.get('content-type')).toContain('text/event-stream');
  clients.push(opened.client!);
  return opened.client!;
}

beforeAll(async () => {
  env = await setupDispatchTest({ EVENT_STREAM_HEARTBEAT_SECONDS: '1' });
  t = env.t;
  other = secondApp(t);
  owner = await signUp(t, { accountName: 'Acme' });
  stranger = await signUp(t, { accountName: 'Globex' });
  // App A runs the workers that write; app B (another API process, same Redis) serves the streams.
  workers = await startRoles(t, ['outbox-relay', 'event-consumer', 'send']);
  workers.push(await ROLE_STARTERS['contact-import'](t.runtime));
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await stopRoles(workers);
  await other?.runtime.close();
  await env?.close();
});

describe('GET /v1/events/stream across two API processes', () => {
  it("carries one account's dispatch, written through app A, on a stream served by app B, and never to another account", async () => {
    const mine = await stream(owner);
    const theirs = await stream(stranger);
    const channel = await createSandboxChannel(t, owner);
    const template = await createTemplate(t, owner, { message_body: 'News for {PHONE}' });

    const single = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345678',
      message_body: 'Hello',
    });
    await mine.until((events) =>
      events.some(
        (e) => e.event === 'message.status' && e.data.id === single.id && e.data.status === 'delivered',
      ),
    );
    expect((await getMessage(t, owner, single.id)).status).toBe('delivered');

    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(40, 11).map((address) => ({ address })),
    });
    await enqueueBatches(t, owner, channel.id, group, 10);
    await mine.until((events) =>
      events.some(
        (e) =>
          e.event === 'group_message.progress' &&
          e.data.id === group.groupId &&
          e.data.status === 'completed',
      ),
    );
    const last = mine
      .of('group_message.progress')
      .filter((e) => e.data.id === group.groupId)
      .at(-1)!;
    const shown = await getGroupMessage(t, owner, group.groupId);
    expect(last.data).toEqual({
      id: group.groupId,
      status: shown.status,
      sent_count: shown.sent_count,
      delivered_count: shown.delivered_count,
      failed_count: shown.failed_count,
      skipped_count: shown.skipped_count,
      cancelled_count: shown.cancelled_count,
      pending_count: 0,
    });
    expect(last.data.sent_count).toBe(40);
    // Every event has an id; the counters only move forward on the stream.
    expect(mine.events.every((e) => /^\d+-\d+$/.test(e.id ?? ''))).toBe(true);
    const sent = mine.of('group_message.progress').map((e) => e.data.sent_count as number);
    expect([...sent].sort((a, b) => a - b)).toEqual(sent);

    // The other account's stream was alive (heartbeats) and saw none of it.
    await theirs.until(() => theirs.comments >= 3);
    expect(theirs.events).toEqual([]);
  });

  it('carries channel status changes and contact import progress', async () => {
    const mine = await stream(owner);
    const channel = await createSandboxChannel(t, owner);
    const patched = await t.request('PATCH', `/v1/channels/${channel.id}`, {
      ...as(owner),
      body: { is_enabled: false },
    });
    expect(patched.status, patched.text).toBe(200);
    await mine.until((events) =>
      events.some(
        (e) => e.event === 'channel.status' && e.data.id === channel.id && e.data.status === 'disabled',
      ),
    );

    const rows = Array.from({ length: 30 }, (_, i) => `Person ${i},+2557100${String(i).padStart(5, '0')}`);
    const done = await importCsv(t, owner, `name,phone\n${rows.join('\n')}\nBad,not-a-phone\n`);
    await mine.until((events) =>
      events.some(
        (e) =>
          e.event === 'contact_import.progress' && e.data.id === done.id && e.data.status === 'completed',
      ),
    );
    const last = mine.of('contact_import.progress').at(-1)!;
    expect(last.data).toEqual({
      id: done.id,
      status: 'completed',
      total_rows: done.total_rows,
      imported: done.imported,
      updated: done.updated,
      failed: done.failed,
    });
    expect(last.data).toMatchObject({ imported: 30, failed: 1 });
  });

  it('carries the counters of a cancelled broadcast as soon as the cancel commits', async () => {
    const mine = await stream(owner);
    const channel = await createSandboxChannel(t, owner);
    const template = await createTemplate(t, owner, { message_body: 'News for {PHONE}' });
    // Written but never enqueued: nothing sends them before the cancel.
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(12, 12).map((address) => ({ address })),
    });
    const cancel = await t.request('POST', `/v1/group-messages/${group.groupId}/cancel`, as(owner));
    expect(cancel.status, cancel.text).toBe(200);
    await mine.until((events) => events.some((e) => e.data.id === group.groupId));
    expect(mine.of('group_message.progress').find((e) => e.data.id === group.groupId)!.data).toMatchObject({
      status: 'cancelled',
      cancelled_count: 12,
      sent_count: 0,
      pending_count: 0,
    });
  });

  it('shows a caller only the events its role may read', async () => {
    const roles = await t.request('POST', '/v1/roles', {
      ...as(owner),
      body: { name: 'contacts-only', permissions: ['contacts:read'] },
    });
    expect(roles.status, roles.text).toBe(201);
    const limited = await addMember(t, owner, 'contacts-only');
    const limitedStream = await stream(limited);
    const full = await stream(owner);
    const channel = await createSandboxChannel(t, owner);
    const single = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345699',
      message_body: 'Hello again',
    });
    await full.until((events) =>
      events.some((e) => e.data.id === single.id && e.data.status === 'delivered'),
    );
    await limitedStream.until(() => limitedStream.comments >= 3);
    expect(limitedStream.events.filter((e) => e.event === 'message.status')).toEqual([]);

    const none = await t.request('POST', '/v1/roles', {
      ...as(owner),
      body: { name: 'templates-only', permissions: ['templates:read'] },
    });
    expect(none.status, none.text).toBe(201);
    const templatesOnly = await addMember(t, owner, 'templates-only');
    const refused = await openStream(other.app, as(templatesOnly));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('permission_denied');
  });

  it('ends the stream of a member removed from the account', async () => {
    const member = await addMember(t, owner, 'viewer');
    const theirs = await stream(member);
    const removed = await t.request('DELETE', `/v1/users/${member.userId}`, as(owner));
    expect(removed.status, removed.text).toBe(204);
    // Access is checked again every 4th heartbeat (1 s here).
    await theirs.until(() => theirs.ended, 15_000);
    expect((await openStream(other.app, as(member))).status).toBe(403);
  });

  it('refuses a caller without credentials or outside the account', async () => {
    const anonymous = await openStream(other.app);
    expect(anonymous.status).toBe(401);
    const outsider = await openStream(other.app, { token: stranger.token, accountId: owner.accountId });
    expect(outsider.status).toBe(403);
    expect(outsider.body.code).toBe('not_a_member');
  });

  it('ends open streams when the process stops, so they never hold a shutdown', async () => {
    const third = secondApp(t);
    const opened = await openStream(third.app, as(owner));
    expect(opened.status).toBe(200);
    await third.runtime.close();
    await opened.client!.until(() => opened.client!.ended, 10_000);
    expect(opened.client!.ended).toBe(true);
  });
});
