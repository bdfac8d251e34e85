import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceOf, readAudiencePage } from '../../src/dispatch/fanout/audience.js';
import { loadFanoutGroup } from '../../src/dispatch/fanout/fanout-state.js';
import { runFanout } from '../../src/dispatch/fanout/run-fanout.js';
import { writeFanoutPage } from '../../src/dispatch/fanout/write-page.js';
import type { RunningWorker } from '../../workers/index.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import {
  as,
  createContactGroup,
  FINISHED,
  openSql,
  readGroup,
  seedContacts,
  sendBacklog,
  startRoles,
  stopRoles,
  waitFor,
  watchGroup,
} from './support.js';

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let channelId: string;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  channelId = await createSandboxChannel(t, owner);
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

async function createBroadcast(body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: 'Promo',
      channel_id: channelId,
      message_body: 'Hi {FIRST_NAME}',
      status: 'queued',
      ...body,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function messageRows(groupId: string) {
  const res = await sql.query<{
    contact_id: string;
    status: string;
    delivery_address: string | null;
    reason: string | null;
  }>(
    `SELECT contact_id, status, delivery_address, error_details->>'reason' AS reason
     FROM messages WHERE group_message_id = $1`,
    [groupId],
  );
  return res.rows;
}

const settings = {
  pageSize: 50,
  windowMessages: 1_000_000,
  windowSeconds: 30,
  windowWaitMs: 10,
  sliceMs: 60_000,
};
const fanoutDeps = () => ({ db: t.runtime.database.db, queues: t.runtime.queues, logger: t.runtime.logger });

/** A broadcast started while no role runs (its queued event waits in the outbox): the test runs it. */
async function startWithoutRoles(group: string): Promise<string> {
  const draft = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: { name: 'By hand', channel_id: channelId, message_body: 'Hi', contact_group_ids: [group] },
  });
  expect(draft.status, draft.text).toBe(201);
  const started = await t.request('POST', `/v1/group-messages/${draft.body.id}/start`, as(owner));
  expect(started.status, started.text).toBe(200);
  return draft.body.id;
}

/**
 * A started broadcast to `count` new contacts whose fan-out has begun (counted, processing) but
 * written no page, with its first page of 100 read and the target a page write takes.
 */
async function broadcastAtFirstPage(count: number, area: number, name: string) {
  const contacts = await seedContacts(sql, owner.accountId, count, { area });
  const group = await createContactGroup(
    t,
    sql,
    owner,
    name,
    contacts.map((c) => c.id),
  );
  const id = await startWithoutRoles(group);
  const job = { groupMessageId: id, accountId: owner.accountId };
  expect(await runFanout(fanoutDeps(), job, { ...settings, sliceMs: 0 })).toMatchObject({ done: false });
  const loaded = await loadFanoutGroup(t.runtime.database.db, owner.accountId, id);
  const page = await readAudiencePage(t.runtime.database.db, audienceOf(loaded!), null, 100);
  const target = {
    groupMessageId: id,
    accountId: owner.accountId,
    channelId,
    channelType: 'sandbox' as const,
    templateId: null,
    scheduledMessageId: null,
  };
  return { id, job, page, target };
}

async function fanoutCompleted(groupId: string): Promise<boolean> {
  const res = await sql.query(
    'SELECT 1 FROM group_messages WHERE id = $1 AND fanout_completed_at IS NOT NULL',
    [groupId],
  );
  return res.rowCount === 1;
}

describe('a broadcast to overlapping groups, extra contacts and exclusions', () => {
  let workers: RunningWorker[] = [];
  afterAll(() => stopRoles(workers));

  it('sends one message per recipient, skips contacts without a phone, and completes', async () => {
    workers = await startRoles(t, { send: true, fanout: { pageSize: 400 } });
    const contacts = await seedContacts(sql, owner.accountId, 3_000, { area: 201, noPhoneEvery: 10 });
    const ids = contacts.map((c) => c.id);
    const stranger = await signUp(t, { accountName: 'Other' });
    const [foreign] = await seedContacts(sql, stranger.accountId, 1, { area: 202 });

    const groupA = ids.slice(0, 1_800);
    const groupB = ids.slice(1_200, 2_600);
    // New recipients, recipients already in group A, and another account's contact (never messaged).
    const extra = [...ids.slice(2_600, 2_650), ...ids.slice(100, 120), foreign!.id];
    const excluded = [
      ...ids.slice(0, 30),
      ...ids.slice(1_300, 1_310),
      ...ids.slice(2_600, 2_605),
      ids[2_900]!,
    ];
    const expected = new Set([...groupA, ...groupB, ...extra.slice(0, -1)]);
    for (const id of excluded) expected.delete(id);
    const withoutPhone = contacts.filter((c) => expected.has(c.id) && c.phone === null);
    expect(expected.size).toBe(2_650 - 45);

    const id = await createBroadcast({
      contact_group_ids: [
        await createContactGroup(t, sql, owner, 'Group A', groupA),
        await createContactGroup(t, sql, owner, 'Group B', groupB),
      ],
      contact_ids: extra,
      exclude_contact_ids: excluded,
    });

    const statuses = new Set<string>();
    const final = await watchGroup(
      t,
      owner,
      id,
      (g) => FINISHED.includes(g.status),
      'the broadcast to finish',
      (g) => {
        statuses.add(g.status);
        if (g.status !== 'queued') expect(g.total_recipients).toBe(expected.size);
      },
    );
    expect(final).toMatchObject({
      status: 'completed',
      total_recipients: expected.size,
      sent_count: expected.size - withoutPhone.length,
      skipped_count: withoutPhone.length,
      failed_count: 0,
      cancelled_count: 0,
      pending_count: 0,
    });
    expect(final.completed_at).not.toBeNull();
    expect(withoutPhone.length).toBeGreaterThan(200);

    const rows = await messageRows(id);
    expect(rows.length).toBe(expected.size);
    expect(new Set(rows.map((r) => r.contact_id))).toEqual(expected);
    const phoneOf = new Map(contacts.map((c) => [c.id, c.phone]));
    for (const row of rows) {
      const phone = phoneOf.get(row.contact_id);
      if (phone === null) {
        expect(row).toMatchObject({ status: 'skipped', reason: 'no_address', delivery_address: null });
      } else {
        expect(['sent', 'delivered']).toContain(row.status);
        expect(row.delivery_address).toBe(phone);
      }
    }

    const listed = await t.request(
      'GET',
      `/v1/messages?filter=group_message_id:eq:${id}&page_size=1`,
      as(owner),
    );
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.total).toBe(expected.size);
    const completedEvents = await sql.query(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'group_message.completed'`,
      [id],
    );
    expect(completedEvents.rows).toHaveLength(1);
  });

  it('completes a broadcast at once when every recipient is skipped', async () => {
    const contacts = await seedContacts(sql, owner.accountId, 40, { area: 203, noPhoneEvery: 1 });
    const group = await createContactGroup(
      t,
      sql,
      owner,
      'No phones',
      contacts.map((c) => c.id),
    );
    const id = await createBroadcast({ contact_group_ids: [group] });
    const final = await watchGroup(
      t,
      owner,
      id,
      (g) => FINISHED.includes(g.status),
      'the broadcast to finish',
    );
    expect(final).toMatchObject({
      status: 'completed',
      total_recipients: 40,
      skipped_count: 40,
      sent_count: 0,
    });
  });

  it('starts a scheduled broadcast no earlier than scheduled_at', async () => {
    const contacts = await seedContacts(sql, owner.accountId, 20, { area: 204 });
    const group = await createContactGroup(
      t,
      sql,
      owner,
      'Later',
      contacts.map((c) => c.id),
    );
    const scheduledAt = new Date(Date.now() + 1_500);
    const id = await createBroadcast({ contact_group_ids: [group], scheduled_at: scheduledAt.toISOString() });
    const final = await watchGroup(
      t,
      owner,
      id,
      (g) => FINISHED.includes(g.status),
      'the broadcast to finish',
    );
    expect(final.status).toBe('completed');
    expect(Date.parse(final.started_at!)).toBeGreaterThanOrEqual(scheduledAt.getTime());
  });
});

describe('fan-out runs that meet a retry, another run or a cancel', () => {
  it('creates no duplicate rows when the job is run again from the start', async () => {
    const workers = await startRoles(t, { fanout: { pageSize: 300 } });
    try {
      const contacts = await seedContacts(sql, owner.accountId, 1_500, { area: 205, noPhoneEvery: 7 });
      const group = await createContactGroup(
        t,
        sql,
        owner,
        'Retry',
        contacts.map((c) => c.id),
      );
      const id = await createBroadcast({ contact_group_ids: [group] });
      await waitFor(() => fanoutCompleted(id), 'the fan-out to finish');
      const before = await readGroup(t, owner, id);
      const jobsBefore = await sendBacklog(t);
      expect(before.total_recipients).toBe(1_500);

      // A retry that lost every bit of progress: the cursor is back at the start.
      await sql.query(
        'UPDATE group_messages SET fanout_cursor = NULL, fanout_completed_at = NULL WHERE id = $1',
        [id],
      );
      await t.runtime.queues.enqueue('fanout', { groupMessageId: id, accountId: owner.accountId, page: 1 });
      await waitFor(() => fanoutCompleted(id), 'the second run to finish');

      const rows = await messageRows(id);
      expect(rows.length).toBe(1_500);
      expect(new Set(rows.map((r) => r.contact_id)).size).toBe(1_500);
      const after = await readGroup(t, owner, id);
      expect(after.skipped_count).toBe(before.skipped_count);
      expect(after.skipped_count).toBe(contacts.filter((c) => c.phone === null).length);
      expect(after.total_recipients).toBe(1_500);
      expect(await sendBacklog(t)).toBe(jobsBefore);
    } finally {
      await stopRoles(workers);
    }
  });

  it('lets only one of two concurrent runs write each page', async () => {
    const contacts = await seedContacts(sql, owner.accountId, 1_200, { area: 206, noPhoneEvery: 5 });
    const group = await createContactGroup(
      t,
      sql,
      owner,
      'Concurrent',
      contacts.map((c) => c.id),
    );
    const id = await startWithoutRoles(group);
    const job = { groupMessageId: id, accountId: owner.accountId };
    // The first run only starts the fan-out (count, processing) and yields before any page.
    expect(await runFanout(fanoutDeps(), job, { ...settings, sliceMs: 0 })).toMatchObject({ done: false });
    const runs = await Promise.all([
      runFanout(fanoutDeps(), job, settings),
      runFanout(fanoutDeps(), job, settings),
    ]);
    expect(runs.every((r) => r.done)).toBe(true);

    const rows = await messageRows(id);
    expect(rows.length).toBe(1_200);
    expect(new Set(rows.map((r) => r.contact_id)).size).toBe(1_200);
    const g = await readGroup(t, owner, id);
    expect(g.total_recipients).toBe(1_200);
    expect(g.skipped_count).toBe(contacts.filter((c) => c.phone === null).length);
    expect(await fanoutCompleted(id)).toBe(true);
  });

  it("holds the broadcast's row only at the end of a page, not while its rows are inserted", async () => {
    const { id, page, target } = await broadcastAtFirstPage(200, 208, 'Lock scope');
    expect(page).toHaveLength(100);

    // Another transaction holds a row of this page's key (group, contact) uncommitted: the page's
    // insert waits for it, as a page's insert of 2,000 rows keeps going for a while.
    const blocker = await openSql(t);
    const other = await openSql(t);
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO messages (account_id, group_message_id, contact_id, status, delivery_address)
         VALUES ($1, $2, $3, 'queued', '+15550000000')`,
        [owner.accountId, id, page[50]],
      );
      const writing = writeFanoutPage(t.runtime.database.db, target, {
        after: null,
        last: page.at(-1)!,
        recipients: page,
      });
      await waitFor(async () => {
        const waiting = await sql.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO messages%'`,
        );
        return waiting.rowCount === 1;
      }, "the page's insert to wait");

      // Meanwhile the broadcast's row is free: an outcome write (which updates its counters) would
      // not wait for the page.
      await other.query('BEGIN');
      const locked = await other.query('SELECT id FROM group_messages WHERE id = $1 FOR UPDATE NOWAIT', [id]);
      expect(locked.rowCount).toBe(1);
      await other.query('ROLLBACK');

      await blocker.query('ROLLBACK');
      const written = await writing;
      expect(written).toMatchObject({ written: true, skipped: 0 });
      expect(written.written && written.queuedIds).toHaveLength(100);
      const counted = await sql.query(
        'SELECT fanout_written, fanout_cursor FROM group_messages WHERE id = $1',
        [id],
      );
      expect(counted.rows[0]).toEqual({ fanout_written: 100, fanout_cursor: page.at(-1) });
      expect(await messageRows(id)).toHaveLength(100);
    } finally {
      await blocker.end();
      await other.end();
    }
  });

  it('writes no page once a cancel committed, even for a run that read the page before it', async () => {
    const { id, job, page, target } = await broadcastAtFirstPage(300, 207, 'Cancelled');

    const cancel = await t.request('POST', `/v1/group-messages/${id}/cancel`, as(owner));
    expect(cancel.status, cancel.text).toBe(200);
    const late = await writeFanoutPage(t.runtime.database.db, target, {
      after: null,
      last: page.at(-1)!,
      recipients: page,
    });
    expect(late).toEqual({ written: false });
    expect(await runFanout(fanoutDeps(), job, settings)).toEqual({ done: true });

    expect(await messageRows(id)).toHaveLength(0);
    expect(await readGroup(t, owner, id)).toMatchObject({
      status: 'cancelled',
      total_recipients: 300,
      cancelled_count: 300,
      pending_count: 0,
    });
  });
});
