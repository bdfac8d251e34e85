import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startReconciler } from '../../workers/reconciler.js';
import {
  as,
  createContactGroup,
  FINISHED,
  openSql,
  readGroup,
  seedContacts,
  startRoles,
  stopRoles,
  watchGroup,
} from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { dropQueueKeys, expectEachRecipientOnce, metricValue, recipientRows } from './support.js';

const RECIPIENTS = 800;
// Small pages and a small send window keep the fan-out running while messages are sent, and a
// rate limit stretches the broadcast over a few seconds, so the wipe lands in the middle of both.
const FANOUT = { pageSize: 100, windowMessages: 300, windowWaitMs: 50 };
const RATE_LIMIT = 100;

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
});
afterAll(async () => {
  await stopRoles(workers);
  await sql.end();
  await t.close();
});

it('finishes a broadcast whose Redis state was lost mid-way, every recipient sent exactly once', async () => {
  const channelId = await createSandboxChannel(t, owner, {}, { rate_limit: RATE_LIMIT });
  const contacts = await seedContacts(sql, owner.accountId, RECIPIENTS, { area: 611 });
  const recipients = contacts.map((c) => c.id);
  const groupId = await createContactGroup(t, sql, owner, 'Everyone', recipients);
  workers = await startRoles(t, { send: true, fanout: FANOUT });

  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: 'Wiped',
      channel_id: channelId,
      message_body: 'Hi {FIRST_NAME}',
      contact_group_ids: [groupId],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;

  // Mid-broadcast: some sent, the fan-out not finished.
  await watchGroup(t, owner, id, (g) => g.sent_count >= 150, 'the broadcast to be under way');
  const dropped = await dropQueueKeys(t);
  expect(dropped).toBeGreaterThan(0);
  const atWipe = await sql.query<{ fanout_done: boolean; queued: number }>(
    `SELECT g.fanout_completed_at IS NOT NULL AS fanout_done,
       (SELECT count(*)::int FROM messages m WHERE m.group_message_id = g.id AND m.status = 'queued') AS queued
     FROM group_messages g WHERE g.id = $1`,
    [id],
  );
  expect(atWipe.rows[0]!.fanout_done).toBe(false);
  expect(atWipe.rows[0]!.queued, 'messages were waiting in the lost jobs').toBeGreaterThan(0);

  // The workers of the time go away (their jobs are gone; what they hold settles in PostgreSQL),
  // and a new set starts, the reconciler among them.
  await stopRoles(workers);
  workers = await startRoles(t, { send: true, fanout: FANOUT });
  workers.push(
    await startReconciler(t.runtime, { intervalMs: 300, queuedGraceMs: 1_000, dueGraceMs: 1_000 }),
  );

  const final = await watchGroup(t, owner, id, (g) => FINISHED.includes(g.status), 'the broadcast to finish');
  expect(final).toMatchObject({
    status: 'completed',
    total_recipients: RECIPIENTS,
    sent_count: RECIPIENTS,
    delivered_count: RECIPIENTS,
    failed_count: 0,
    pending_count: 0,
  });
  const rows = await recipientRows(sql, id);
  expectEachRecipientOnce(rows, recipients);
  // Nothing was stuck mid-send, so no attempt is a suspected duplicate.
  expect(rows.filter((r) => r.suspected)).toEqual([]);
  // The run was restored by the reconciler (the fan-out job, and the batches of queued messages).
  expect(await metricValue(t, 'turumba_reconciler_restored_total{kind="fanout"}')).toBeGreaterThanOrEqual(1);
  expect(await metricValue(t, 'turumba_reconciler_restored_total{kind="batch_message"}')).toBeGreaterThan(0);
  expect((await readGroup(t, owner, id)).status).toBe('completed');
}, 120_000);
