import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startSendWorker } from '../../workers/send.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import {
  as,
  createContactGroup,
  FINISHED,
  openSql,
  seedContacts,
  sendBacklog,
  startRoles,
  stopRoles,
  waitFor,
  watchGroup,
} from './support.js';

const MEMBERS = 20_000;
const WINDOW = 2_000; // messages' worth of send-batch jobs: 20 jobs of 100
const PAGE = 1_000; // 10 jobs
const WINDOW_JOBS = WINDOW / 100;
const PAGE_JOBS = PAGE / 100;

let t: TestContext;
let owner: Session;
let sql: pg.Client;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  workers.push(
    ...(await startRoles(t, { fanout: { pageSize: PAGE, windowMessages: WINDOW, windowWaitMs: 50 } })),
  );
});
afterAll(async () => {
  await stopRoles(workers);
  await sql.end();
  await t.close();
});

const written = async (id: string) =>
  (
    await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE group_message_id = $1', [
      id,
    ])
  ).rows[0]!.n;

it('keeps at most a window (and one page) of send jobs queued, whatever the audience', async () => {
  const channelId = await createSandboxChannel(t, owner);
  const contacts = await seedContacts(sql, owner.accountId, MEMBERS, { area: 401 });
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
      name: 'Huge',
      channel_id: channelId,
      message_body: 'Hello',
      contact_group_ids: [group],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;

  // No sender yet: the fan-out fills the window, then waits instead of writing the audience.
  const fanoutJob = `fanout:${id}:0`;
  await waitFor(async () => (await sendBacklog(t)) >= WINDOW_JOBS, 'the window to fill');
  await waitFor(
    async () => (await t.runtime.queues.get('fanout').getJob(fanoutJob))?.isDelayed(),
    'the fan-out to wait for the window',
  );
  for (let i = 0; i < 10; i += 1) {
    // Several of its window checks (every 50 ms) pass while the window stays full.
    await new Promise((r) => setTimeout(r, 50));
    expect(await sendBacklog(t)).toBe(WINDOW_JOBS);
    expect(await written(id)).toBe(WINDOW);
  }

  workers.push(await startSendWorker(t.runtime));
  let peak = 0;
  const final = await watchGroup(
    t,
    owner,
    id,
    (g) => FINISHED.includes(g.status),
    'the broadcast to finish',
    async () => {
      peak = Math.max(peak, await sendBacklog(t));
    },
    120_000,
  );
  expect(final).toMatchObject({ status: 'completed', total_recipients: MEMBERS, sent_count: MEMBERS });
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(WINDOW_JOBS + PAGE_JOBS);
  expect(await written(id)).toBe(MEMBERS);
}, 180_000);
