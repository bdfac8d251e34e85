import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startSendWorker } from '../../workers/send.js';
import {
  as,
  createContactGroup,
  FINISHED,
  openSql,
  readGroup,
  seedContacts,
  startRoles,
  stopRoles,
  waitFor,
  watchGroup,
} from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createReconciler } from '../reconciler/support.js';

// Regression tests for defects 1, 2, 3 and 6 of the correctness review: each scenario runs through
// the API as a user would, and reads the broadcast as a user does (readGroup checks the counter sum).

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let roles: RunningWorker[] = [];
let sender: RunningWorker | undefined;
let area = 600;

// No send worker unless a test starts one: broadcast messages stay `queued` after the fan-out.
// A small window keeps a larger broadcast's fan-out waiting half-way.
const PAGE = 500;
const WINDOW = 1_000;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  roles = await startRoles(t, { fanout: { pageSize: PAGE, windowMessages: WINDOW, windowWaitMs: 50 } });
});
afterEach(async () => {
  await sender?.close();
  sender = undefined;
});
afterAll(async () => {
  await stopRoles(roles);
  await sql.end();
  await t.close();
});

async function broadcast(channelId: string, recipients: number): Promise<string> {
  area += 1;
  const contacts = await seedContacts(sql, owner.accountId, recipients, { area });
  const group = await createContactGroup(
    t,
    sql,
    owner,
    `Audience ${area}`,
    contacts.map((c) => c.id),
  );
  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: `Broadcast ${area}`,
      channel_id: channelId,
      message_body: 'Hello',
      contact_group_ids: [group],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id;
}

async function messagesOf(groupId: string) {
  const res = await t.request(
    'GET',
    `/v1/messages?filter=group_message_id:eq:${groupId}&page_size=100`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items as { id: string; status: string }[];
}

const fannedOut = (groupId: string, rows: number) =>
  waitFor(async () => {
    const r = await sql.query<{ n: number; done: boolean }>(
      `SELECT (SELECT count(*)::int FROM messages WHERE group_message_id = $1) AS n,
         (SELECT fanout_completed_at IS NOT NULL FROM group_messages WHERE id = $1) AS done`,
      [groupId],
    );
    return r.rows[0]!.n >= rows ? r.rows[0] : undefined;
  }, `${rows} rows of ${groupId}`);

const finished = (groupId: string) =>
  watchGroup(t, owner, groupId, (g) => FINISHED.includes(g.status), `broadcast ${groupId} to finish`);

describe('1. cancelling one message of a broadcast', () => {
  it('counts it as cancelled, and the broadcast still completes', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 2);
    await fannedOut(groupId, 2);
    const [first] = await messagesOf(groupId);

    const cancelled = await t.request('PATCH', `/v1/messages/${first!.id}`, {
      ...as(owner),
      body: { status: 'cancelled' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await readGroup(t, owner, groupId)).toMatchObject({ cancelled_count: 1, pending_count: 1 });

    sender = await startSendWorker(t.runtime);
    expect(await finished(groupId)).toMatchObject({
      status: 'completed',
      total_recipients: 2,
      sent_count: 1,
      cancelled_count: 1,
      pending_count: 0,
    });
  });

  it('ends the broadcast when the last pending message is cancelled', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 1);
    await fannedOut(groupId, 1);
    // The fan-out has also ended (it completes a group whose messages are all final), so the read
    // below races nothing.
    await waitFor(async () => {
      const r = await sql.query(
        'SELECT 1 FROM group_messages WHERE id = $1 AND fanout_completed_at IS NOT NULL',
        [groupId],
      );
      return r.rows.length > 0 ? true : undefined;
    }, 'the fan-out to end');
    const [only] = await messagesOf(groupId);
    const res = await t.request('PATCH', `/v1/messages/${only!.id}`, {
      ...as(owner),
      body: { status: 'cancelled' },
    });
    expect(res.status, res.text).toBe(200);
    const group = await readGroup(t, owner, groupId);
    expect(group).toMatchObject({ cancelled_count: 1, pending_count: 0 });
    expect(FINISHED).toContain(group.status);
    expect(group.completed_at).not.toBeNull();
  });
});

describe('2. retrying a message of a cancelled or deleted broadcast', () => {
  it('answers 409 for a message of a deleted broadcast, which stays failed', async () => {
    // Every send fails for good: the broadcast ends `failed` and can be deleted.
    const channelId = await createSandboxChannel(t, owner, { failure_rate: 1 }, { retry_count: 0 });
    const groupId = await broadcast(channelId, 2);
    sender = await startSendWorker(t.runtime);
    expect(await finished(groupId)).toMatchObject({ status: 'failed', failed_count: 2 });
    const [failed] = await messagesOf(groupId);
    const deleted = await t.request('DELETE', `/v1/group-messages/${groupId}`, as(owner));
    expect(deleted.status, deleted.text).toBe(204);

    const retry = await t.request('POST', `/v1/messages/${failed!.id}/retry`, as(owner));
    expect(retry.status, retry.text).toBe(409);
    expect(retry.body.code).toBe('invalid_state');
    const message = await t.request('GET', `/v1/messages/${failed!.id}`, as(owner));
    expect(message.body.status).toBe('permanently_failed');
  });

  it('answers 409 for a message of a cancelled broadcast, whose counters stay final', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 2);
    await fannedOut(groupId, 2);
    const [failed] = await messagesOf(groupId);
    // One message failed for good before the cancel (as the send path records it).
    await sql.query(
      `UPDATE messages SET status = 'permanently_failed', attempts = 1, failed_at = now(),
         error_details = '{"code":"invalid_number"}' WHERE id = $1`,
      [failed!.id],
    );
    await sql.query('UPDATE group_messages SET failed_count = failed_count + 1 WHERE id = $1', [groupId]);
    const cancel = await t.request('POST', `/v1/group-messages/${groupId}/cancel`, as(owner));
    expect(cancel.status, cancel.text).toBe(200);

    const retry = await t.request('POST', `/v1/messages/${failed!.id}/retry`, as(owner));
    expect(retry.status, retry.text).toBe(409);
    expect(await readGroup(t, owner, groupId)).toMatchObject({
      status: 'cancelled',
      failed_count: 1,
      cancelled_count: 1,
      pending_count: 0,
    });
  });
});

describe('3. deleting a channel that a broadcast or schedule uses', () => {
  it('answers 409 channel_in_use while a broadcast is active or a schedule waits', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 2);
    await fannedOut(groupId, 2);
    const refused = await t.request('DELETE', `/v1/channels/${channelId}`, as(owner));
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('channel_in_use');
    expect((await t.request('GET', `/v1/channels/${channelId}`, as(owner))).status).toBe(200);

    await t.request('POST', `/v1/group-messages/${groupId}/cancel`, as(owner));
    const schedule = await t.request('POST', '/v1/scheduled-messages', {
      ...as(owner),
      body: {
        send_type: 'single',
        channel_id: channelId,
        delivery_address: '+251911000777',
        message_body: 'Later',
        scheduled_at: new Date(Date.now() + 86_400_000).toISOString(),
        timezone: 'UTC',
        is_recurring: false,
      },
    });
    expect(schedule.status, schedule.text).toBe(201);
    const stillRefused = await t.request('DELETE', `/v1/channels/${channelId}`, as(owner));
    expect(stillRefused.status, stillRefused.text).toBe(409);
    expect(stillRefused.body.code).toBe('channel_in_use');
  });

  it('with ?force=true cancels the broadcasts and schedules first, counters exact', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 3_000);
    await fannedOut(groupId, WINDOW);
    const schedule = await t.request('POST', '/v1/scheduled-messages', {
      ...as(owner),
      body: {
        send_type: 'single',
        channel_id: channelId,
        delivery_address: '+251911000778',
        message_body: 'Later',
        scheduled_at: new Date(Date.now() + 86_400_000).toISOString(),
        timezone: 'UTC',
        is_recurring: false,
      },
    });
    expect(schedule.status, schedule.text).toBe(201);

    const forced = await t.request('DELETE', `/v1/channels/${channelId}?force=true`, as(owner));
    expect(forced.status, forced.text).toBe(204);
    expect((await t.request('GET', `/v1/channels/${channelId}`, as(owner))).status).toBe(404);
    expect(await readGroup(t, owner, groupId)).toMatchObject({
      status: 'cancelled',
      total_recipients: 3_000,
      cancelled_count: 3_000,
      pending_count: 0,
    });
    const after = await t.request('GET', `/v1/scheduled-messages/${schedule.body.id}`, as(owner));
    expect(after.body.status).toBe('cancelled');
  });

  it('a broadcast that loses its channel anyway finishes failed with a reason, counters exact', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 3_000);
    await fannedOut(groupId, WINDOW);
    // A delete that raced past the check (or a direct database change): the channel is gone.
    await sql.query('DELETE FROM channels WHERE id = $1', [channelId]);
    sender = await startSendWorker(t.runtime);
    const group = await finished(groupId);
    expect(group).toMatchObject({
      status: 'failed',
      total_recipients: 3_000,
      sent_count: 0,
      failed_count: 3_000,
      pending_count: 0,
    });
    const res = await t.request('GET', `/v1/group-messages/${groupId}`, as(owner));
    expect(res.body.error_details).toMatchObject({ code: 'channel_deleted' });
    // The reconciler finds nothing left to restore for it.
    const report = await createReconciler(t, { queuedGraceMs: 0 }).runOnce();
    expect(report).toMatchObject({ fanouts: 0, batchMessages: 0, failed: [] });
  }, 120_000);
});

describe('6. deleting a finished message of a broadcast that is still fanning out', () => {
  it('answers 409, and the finished broadcast adds up', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const groupId = await broadcast(channelId, 3_000);
    await fannedOut(groupId, WINDOW);
    const [first] = await messagesOf(groupId);
    // The send path delivered it while the fan-out waits for the window.
    await sql.query(
      `UPDATE messages SET status = 'delivered', attempts = 1, sent_at = now(), delivered_at = now(),
         provider_message_id = 'sbx_manual' WHERE id = $1`,
      [first!.id],
    );
    await sql.query(
      'UPDATE group_messages SET sent_count = sent_count + 1, delivered_count = delivered_count + 1 WHERE id = $1',
      [groupId],
    );
    const refused = await t.request('DELETE', `/v1/messages/${first!.id}`, as(owner));
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('invalid_state');

    sender = await startSendWorker(t.runtime);
    expect(await finished(groupId)).toMatchObject({
      status: 'completed',
      total_recipients: 3_000,
      sent_count: 3_000,
      pending_count: 0,
    });
    // Once the broadcast is over, its messages may be deleted; the counters stay as they were.
    const deleted = await t.request('DELETE', `/v1/messages/${first!.id}`, as(owner));
    expect(deleted.status, deleted.text).toBe(204);
    expect(await readGroup(t, owner, groupId)).toMatchObject({ total_recipients: 3_000, sent_count: 3_000 });
  }, 120_000);
});
