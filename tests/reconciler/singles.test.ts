import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startReconciler } from '../../workers/reconciler.js';
import { startSendWorker } from '../../workers/send.js';
import { as, openSql, waitFor } from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createReconciler, metricValue } from './support.js';

// No outbox relay or event consumer runs in this file: a message accepted by the API gets no job
// unless the reconciler gives it one.
let t: TestContext;
let owner: Session;
let sql: pg.Client;
let channelId: string;
let sender: RunningWorker | undefined;

beforeAll(async () => {
  // The API's own enqueue is off: these are the messages whose job only the event consumer adds.
  t = await setupTestApp({ PRIORITY_DIRECT_ENQUEUE: 'false' });
  owner = await signUp(t);
  sql = await openSql(t);
  channelId = await createSandboxChannel(t, owner);
});
afterAll(async () => {
  await sender?.close();
  await sql.end();
  await t.close();
});

let phone = 100;
async function acceptMessage(extra: Record<string, unknown> = {}): Promise<string> {
  phone += 1;
  const res = await t.request('POST', '/v1/messages', {
    ...as(owner),
    body: { channel_id: channelId, delivery_address: `+2519110${phone}00`, message_body: 'Hello', ...extra },
  });
  expect(res.status, res.text).toBe(202);
  return res.body.id;
}

async function readMessage(id: string) {
  const res = await t.request('GET', `/v1/messages/${id}`, as(owner));
  expect(res.status, res.text).toBe(200);
  return res.body as {
    status: string;
    attempts: number;
    metadata: Record<string, unknown>;
    provider_message_id: string;
  };
}

const delivered = (id: string) =>
  waitFor(async () => {
    const m = await readMessage(id);
    return m.status === 'delivered' ? m : undefined;
  }, `message ${id} to be delivered`);

const singleLane = () => t.runtime.queues.get('send-single');

describe('single messages PostgreSQL has and Redis does not', () => {
  it('leaves a message alone while its job is waiting', async () => {
    const id = await acceptMessage();
    // The job the event consumer would have added, delayed far ahead (so nothing runs it here).
    await t.runtime.queues.enqueue(
      'send',
      { messageId: id, accountId: owner.accountId, attempt: 1 },
      { delay: 3_600_000 },
    );
    const report = await createReconciler(t, { queuedGraceMs: 0 }).runOnce();
    expect(report?.singles).toBe(0);
    expect(await singleLane().getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 1 });
    await (await singleLane().getJob(`send:${id}:1`))?.remove();
  });

  it('sends a queued message that has no job, once', async () => {
    const id = await acceptMessage();
    expect(await singleLane().getJobCounts('waiting', 'delayed', 'active')).toEqual({
      waiting: 0,
      delayed: 0,
      active: 0,
    });
    sender = await startSendWorker(t.runtime);

    const reconciler = createReconciler(t, { queuedGraceMs: 0 });
    const report = await reconciler.runOnce();
    expect(report?.singles).toBeGreaterThanOrEqual(1);
    const sent = await delivered(id);
    expect(sent.attempts).toBe(1);
    expect(sent.provider_message_id).toMatch(/^sbx_/);

    // Later runs find nothing to do for it: it went to the provider once.
    await reconciler.runOnce();
    await reconciler.runOnce();
    expect(await readMessage(id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      provider_message_id: sent.provider_message_id,
    });
  });

  it('waits out the grace before restoring a fresh message', async () => {
    const id = await acceptMessage();
    const report = await createReconciler(t, { queuedGraceMs: 60_000 }).runOnce();
    expect(report?.singles).toBe(0);
    expect((await readMessage(id)).status).toBe('queued');
    await createReconciler(t, { queuedGraceMs: 0 }).runOnce();
    await delivered(id);
  });

  it('gives a scheduled message whose time has passed, and a due retry, their jobs', async () => {
    const scheduled = await acceptMessage({ scheduled_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await readMessage(scheduled)).status).toBe('scheduled');
    // Its delayed job was lost, and its time has come.
    await sql.query(`UPDATE messages SET scheduled_at = now() - interval '1 minute' WHERE id = $1`, [
      scheduled,
    ]);

    const retry = await acceptMessage();
    await sql.query(
      `UPDATE messages SET status = 'failed', attempts = 1, next_attempt_at = now() - interval '1 minute',
         error_details = '{"code":"sandbox_failure","message":"x","retryable":true,"retries_left":2}'
       WHERE id = $1`,
      [retry],
    );
    const report = await createReconciler(t, { dueGraceMs: 0 }).runOnce();
    expect(report?.singles).toBe(2);
    expect((await delivered(scheduled)).attempts).toBe(1);
    expect((await delivered(retry)).attempts).toBe(2);
  });

  it('records a message stuck in sending as a suspected duplicate and sends it again', async () => {
    const stuck = await acceptMessage();
    const inFlight = await acceptMessage();
    // A worker claimed both and died during the first provider call; the second was claimed just now.
    await sql.query(
      `UPDATE messages SET status = 'sending', attempts = 1,
         sending_at = CASE WHEN id = $1 THEN now() - interval '10 minutes' ELSE now() END
       WHERE id = ANY($2::uuid[])`,
      [stuck, [stuck, inFlight]],
    );
    const before = await metricValue(t, 'turumba_suspected_duplicates_total');
    const report = await createReconciler(t).runOnce();
    expect(report?.suspectedDuplicates).toBe(1);
    expect(await metricValue(t, 'turumba_suspected_duplicates_total')).toBe(before + 1);

    const resent = await delivered(stuck);
    expect(resent.attempts).toBe(2);
    expect(resent.metadata).toMatchObject({ suspected_duplicate: true });
    // Within the timeout, a worker may still be talking to the provider: not touched.
    expect(await readMessage(inFlight)).toMatchObject({ status: 'sending', attempts: 1 });
    await sql.query(`UPDATE messages SET status = 'sent', provider_message_id = 'sbx_manual' WHERE id = $1`, [
      inFlight,
    ]);
  });

  it('runs at start and then periodically as the reconciler role', async () => {
    const id = await acceptMessage();
    const role = await startReconciler(t.runtime, { intervalMs: 200, queuedGraceMs: 0 });
    try {
      await delivered(id);
      const second = await acceptMessage();
      await delivered(second);
    } finally {
      await role.close();
    }
    expect(await metricValue(t, 'turumba_reconciler_runs_total{result="ran"}')).toBeGreaterThanOrEqual(2);
  });
});
