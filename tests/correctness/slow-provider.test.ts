import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startReconciler } from '../../workers/reconciler.js';
import {
  as,
  createContactGroup,
  FINISHED,
  openSql,
  seedContacts,
  startRoles,
  stopRoles,
  watchGroup,
} from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { expectEachRecipientOnce, recipientRows } from '../reconciler/support.js';

// Suspected in the correctness review: a batch of 100 claims sent 32 at a time, each call up to its
// timeout, keeps its last rows `sending` for several call durations while the worker is alive and
// well; a reconciler that judged "dead" by time alone re-sent them. Here calls take 1.5 s, so a batch
// keeps rows `sending` for about 6 s, and the reconciler's stuck threshold is 2 s.

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let roles: RunningWorker[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  roles = await startRoles(t, { send: true });
  roles.push(await startReconciler(t.runtime, { intervalMs: 300, jitter: 0, sendingTimeoutMs: 2_000 }));
});
afterAll(async () => {
  await stopRoles(roles);
  await sql.end();
  await t.close();
});

it('never takes a live worker with a slow provider for a dead one', async () => {
  const channelId = await createSandboxChannel(t, owner, { delay_ms: 1_500 });
  const contacts = await seedContacts(sql, owner.accountId, 100, { area: 801 });
  const group = await createContactGroup(
    t,
    sql,
    owner,
    'Slow',
    contacts.map((c) => c.id),
  );
  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: 'Slow',
      channel_id: channelId,
      message_body: 'Hi',
      contact_group_ids: [group],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  const done = await watchGroup(
    t,
    owner,
    created.body.id,
    (g) => FINISHED.includes(g.status),
    'the broadcast',
  );
  expect(done).toMatchObject({ status: 'completed', sent_count: 100, delivered_count: 100 });
  const rows = await recipientRows(sql, created.body.id);
  expect(rows.filter((r) => r.suspected)).toEqual([]);
  expectEachRecipientOnce(
    rows,
    contacts.map((c) => c.id),
  );
}, 90_000);
