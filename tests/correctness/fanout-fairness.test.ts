import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
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

// Defect 4: the fan-out window was the global count of send-batch jobs compared with a threshold
// derived from the group's own batch size, so one account's slow broadcast (rate_limit 1: batches of
// one, thousands of delayed jobs) stopped every other account's fan-out. The window is now per
// broadcast, in messages, and bounded by what the channel can send.

let t: TestContext;
let slow: Session;
let fast: Session;
let sql: pg.Client;
let roles: RunningWorker[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  slow = await signUp(t, { accountName: 'Slow sender' });
  fast = await signUp(t, { accountName: 'Fast sender' });
  sql = await openSql(t);
  // The production fan-out settings.
  roles = await startRoles(t, { send: true });
});
afterAll(async () => {
  await stopRoles(roles);
  await sql.end();
  await t.close();
});

async function queueBroadcast(owner: Session, channelId: string, recipients: number, area: number) {
  const contacts = await seedContacts(sql, owner.accountId, recipients, { area });
  const group = await createContactGroup(
    t,
    sql,
    owner,
    'Everyone',
    contacts.map((c) => c.id),
  );
  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: 'News',
      channel_id: channelId,
      message_body: 'Hello',
      contact_group_ids: [group],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

const liveBulkJobs = async () => {
  const counts = await t.runtime.queues
    .get('send-bulk')
    .getJobCounts('wait', 'prioritized', 'delayed', 'active');
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
};

it("another account's small broadcast completes within seconds while a rate-limited one runs", async () => {
  const slowChannel = await createSandboxChannel(t, slow, {}, { rate_limit: 1 });
  const slowId = await queueBroadcast(slow, slowChannel, 5_000, 701);
  // The slow broadcast has started and is sending one message a second.
  await waitFor(async () => (await readGroup(t, slow, slowId)).sent_count >= 1, 'the slow broadcast to send');

  const fastChannel = await createSandboxChannel(t, fast);
  const fastId = await queueBroadcast(fast, fastChannel, 10, 702);
  const started = Date.now();
  const done = await watchGroup(
    t,
    fast,
    fastId,
    (g) => FINISHED.includes(g.status),
    'the small broadcast to finish',
    () => {},
    20_000,
  );
  expect(done).toMatchObject({ status: 'completed', sent_count: 10, pending_count: 0 });
  expect(Date.now() - started).toBeLessThan(20_000);

  // The slow broadcast keeps a window the size of what its channel sends in half a minute, not a
  // page of thousands of one-message jobs (which also kept the reconciler's re-batching off).
  const slowGroup = await readGroup(t, slow, slowId);
  expect(slowGroup.status).toBe('processing');
  const written = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM messages WHERE group_message_id = $1',
    [slowId],
  );
  expect(written.rows[0]!.n).toBeLessThanOrEqual(100);
  expect(await liveBulkJobs()).toBeLessThanOrEqual(100);

  const cancel = await t.request('POST', `/v1/group-messages/${slowId}/cancel`, as(slow));
  expect(cancel.status, cancel.text).toBe(200);
  // A message the sender had claimed before the cancel is counted when its outcome is written.
  const cancelled = await watchGroup(t, slow, slowId, (g) => g.pending_count === 0, 'the cancel to settle');
  expect(cancelled.status).toBe('cancelled');
}, 60_000);
