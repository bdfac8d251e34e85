import { Temporal } from '@js-temporal/polyfill';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createContactGroup, openSql, seedContacts, startRoles, stopRoles, waitFor } from './support.js';

const MEMBERS = 60;
const WINDOW = 10;

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  workers = await startRoles(t, {
    send: true,
    fanout: { pageSize: WINDOW, windowMessages: WINDOW, windowWaitMs: 50 },
  });
});
afterAll(async () => {
  await stopRoles(workers);
  await sql.end();
  await t.close();
});

it('a broadcast held for its recipients’ local time is written whole: held messages are not in the send window', async () => {
  const channelId = await createSandboxChannel(t, owner);
  const contacts = await seedContacts(sql, owner.accountId, MEMBERS, { area: 471 });
  await sql.query(`UPDATE contacts SET timezone = 'UTC' WHERE account_id = $1`, [owner.accountId]);
  const group = await createContactGroup(
    t,
    sql,
    owner,
    'Everyone',
    contacts.map((c) => c.id),
  );
  // Three hours from now on a UTC wall: every recipient waits.
  const clock = Temporal.Now.zonedDateTimeISO('UTC').add({ hours: 3 }).toPlainTime().toString().slice(0, 5);
  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: 'Morning',
      channel_id: channelId,
      message_body: 'Good morning',
      contact_group_ids: [group],
      local_send_time: clock,
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  const held = await waitFor(
    async () => {
      const res = await t.request('GET', `/v1/group-messages/${created.body.id}`, as(owner));
      return res.body.waiting_local_time === MEMBERS ? res.body : undefined;
    },
    'the whole audience written and held',
    30_000,
  );
  expect(held).toMatchObject({
    total_recipients: MEMBERS,
    pending_count: MEMBERS,
    sent_count: 0,
    status: 'processing',
  });
});
