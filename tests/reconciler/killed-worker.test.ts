import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startReconciler } from '../../workers/reconciler.js';
import { startSendWorker } from '../../workers/send.js';
import {
  as,
  createContactGroup,
  FINISHED,
  openSql,
  seedContacts,
  startRoles,
  stopRoles,
  waitFor,
  watchGroup,
} from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { expectEachRecipientOnce, metricValue, recipientRows } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'tests/reconciler/send-worker-child.ts');
const RECIPIENTS = 600;

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let workers: RunningWorker[] = [];
let child: ChildProcess | undefined;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await stopRoles(workers);
  await sql.end();
  await t.close();
});

/** Starts the `send` role in a process of its own, on this file's database and queue prefix. */
async function startSendProcess(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      QUEUE_PREFIX: t.queuePrefix,
      AMQP_URL: t.amqpUrl,
      CREDENTIALS_KEY: t.config.credentialsKey.toString('hex'),
      JWT_SECRET: t.config.jwtSecret,
      WORKER_ROLES: 'send',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`send worker process exited (${code}): ${output}`)));
  });
  return proc;
}

async function progress(groupId: string) {
  const res = await sql.query<{ sent: number; sending: number }>(
    `SELECT (SELECT sent_count FROM group_messages WHERE id = $1) AS sent,
       (SELECT count(*)::int FROM messages WHERE group_message_id = $1 AND status = 'sending') AS sending`,
    [groupId],
  );
  return res.rows[0]!;
}

it('finishes a broadcast whose send worker was killed mid-send, every recipient exactly once', async () => {
  // Each provider call takes a second, so a kill catches messages in `sending` (with 200 ms calls, a
  // kill sent just after the check below sometimes landed between two batches, with nothing sending);
  // the rate limit keeps the broadcast going for several seconds.
  const channelId = await createSandboxChannel(t, owner, { delay_ms: 1_000 }, { rate_limit: 100 });
  const contacts = await seedContacts(sql, owner.accountId, RECIPIENTS, { area: 612 });
  const recipients = contacts.map((c) => c.id);
  const groupId = await createContactGroup(t, sql, owner, 'Everyone', recipients);
  workers = await startRoles(t, { fanout: { pageSize: 100, windowMessages: 300, windowWaitMs: 50 } });
  child = await startSendProcess();

  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: 'Killed',
      channel_id: channelId,
      message_body: 'Hi {FIRST_NAME}',
      contact_group_ids: [groupId],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;

  await waitFor(async () => {
    const p = await progress(id);
    return p.sent >= 100 && p.sending > 0;
  }, 'the worker to be in the middle of provider calls');
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  child = undefined;
  const stuck = (await progress(id)).sending;
  expect(stuck, 'messages were left in sending by the killed worker').toBeGreaterThan(0);

  // Another worker takes over; the reconciler restores what the dead one held.
  workers.push(await startSendWorker(t.runtime));
  workers.push(
    await startReconciler(t.runtime, {
      intervalMs: 300,
      sendingTimeoutMs: 5_000,
      queuedGraceMs: 1_000,
      dueGraceMs: 1_000,
    }),
  );

  const final = await watchGroup(
    t,
    owner,
    id,
    (g) => FINISHED.includes(g.status),
    'the broadcast to finish',
    () => {},
    120_000,
  );
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
  // Exactly the messages the dead worker left mid-call are suspected duplicates, and counted.
  expect(rows.filter((r) => r.suspected).length).toBe(stuck);
  expect(await metricValue(t, 'turumba_suspected_duplicates_total')).toBe(stuck);
}, 180_000);
