import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openSql, readGroup } from '../fanout/support.js';
import { createContact, createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createReconciler, metricValue } from './support.js';

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

describe('one reconciler at a time', () => {
  it('skips a run while another process holds the lock', async () => {
    const other = await openSql(t);
    try {
      await other.query(`SELECT pg_advisory_lock(hashtextextended('turumba:reconciler', 0))`);
      const skippedBefore = await metricValue(t, 'turumba_reconciler_runs_total{result="skipped"}');
      expect(await createReconciler(t).runOnce()).toBeUndefined();
      expect(await metricValue(t, 'turumba_reconciler_runs_total{result="skipped"}')).toBe(skippedBefore + 1);
      await other.query(`SELECT pg_advisory_unlock(hashtextextended('turumba:reconciler', 0))`);
      expect(await createReconciler(t).runOnce()).toMatchObject({ failed: [] });
    } finally {
      await other.end();
    }
  });
});

describe('a message stuck in sending whose broadcast was cancelled meanwhile', () => {
  it('is cancelled and counted, so the broadcast adds up', async () => {
    const contact = await createContact(t, owner, { first_name: 'Ada', phone: '+251911555001' });
    const created = await t.request('POST', '/v1/group-messages', {
      ...as(owner),
      body: {
        name: 'Cancelled',
        channel_id: channelId,
        message_body: 'Hi',
        contact_ids: [contact.id],
        status: 'queued',
      },
    });
    expect(created.status, created.text).toBe(201);
    const groupId = created.body.id as string;
    // Its one recipient was fanned out and claimed by a worker that then died mid-call.
    await sql.query(
      `UPDATE group_messages SET status = 'processing', total_recipients = 1, started_at = now(),
         fanout_completed_at = now() WHERE id = $1`,
      [groupId],
    );
    const inserted = await sql.query<{ id: string }>(
      `INSERT INTO messages (account_id, channel_id, contact_id, group_message_id, direction, status,
         delivery_address, attempts, sending_at)
       VALUES ($1, $2, $3, $4, 'outbound', 'sending', '+251911555001', 1, now() - interval '10 minutes')
       RETURNING id`,
      [owner.accountId, channelId, contact.id, groupId],
    );
    const cancel = await t.request('POST', `/v1/group-messages/${groupId}/cancel`, as(owner));
    expect(cancel.status, cancel.text).toBe(200);
    expect((await readGroup(t, owner, groupId)).pending_count).toBe(1);

    const report = await createReconciler(t).runOnce();
    expect(report?.suspectedDuplicates).toBe(1);
    const group = await readGroup(t, owner, groupId);
    expect(group).toMatchObject({ status: 'cancelled', cancelled_count: 1, pending_count: 0, sent_count: 0 });
    const message = await t.request('GET', `/v1/messages/${inserted.rows[0]!.id}`, as(owner));
    expect(message.body).toMatchObject({ status: 'cancelled', metadata: { suspected_duplicate: true } });
  });
});

describe('a broadcast message whose channel was deleted', () => {
  it('is recorded permanently failed, and the broadcast finishes', async () => {
    const contact = await createContact(t, owner, { first_name: 'Bo', phone: '+251911555002' });
    const created = await t.request('POST', '/v1/group-messages', {
      ...as(owner),
      body: {
        name: 'Orphan',
        channel_id: channelId,
        message_body: 'Hi',
        contact_ids: [contact.id],
        status: 'queued',
      },
    });
    expect(created.status, created.text).toBe(201);
    const groupId = created.body.id as string;
    // Fanned out, then the channel went away (channel_id set null), with the batch job lost.
    await sql.query(
      `UPDATE group_messages SET status = 'processing', total_recipients = 1, started_at = now(),
         fanout_completed_at = now(), channel_id = NULL WHERE id = $1`,
      [groupId],
    );
    const inserted = await sql.query<{ id: string }>(
      `INSERT INTO messages (account_id, channel_id, contact_id, group_message_id, direction, status, delivery_address)
       VALUES ($1, NULL, $2, $3, 'outbound', 'queued', '+251911555002') RETURNING id`,
      [owner.accountId, contact.id, groupId],
    );

    const report = await createReconciler(t, { queuedGraceMs: 0 }).runOnce();
    expect(report?.channelGone).toBe(1);
    const message = await t.request('GET', `/v1/messages/${inserted.rows[0]!.id}`, as(owner));
    expect(message.body).toMatchObject({
      status: 'permanently_failed',
      error_details: { code: 'channel_not_found' },
    });
    expect(await readGroup(t, owner, groupId)).toMatchObject({
      status: 'failed',
      failed_count: 1,
      pending_count: 0,
    });
    // Settled once: a later run finds nothing.
    expect((await createReconciler(t, { queuedGraceMs: 0 }).runOnce())?.channelGone).toBe(0);
  });
});

describe('expired rows', () => {
  it('deletes idempotency keys past their expiry, outbox events published long ago and audit entries past 400 days, nothing else', async () => {
    const key = (k: string, expires: string) =>
      sql.query(
        `INSERT INTO idempotency_keys (account_id, scope, key, request_hash, expires_at)
         VALUES ($1, 'POST /v1/messages', $2, 'h', now() + $3::interval)`,
        [owner.accountId, k, expires],
      );
    await key('expired', '-1 hour');
    await key('live', '23 hours');
    const event = async (status: string, publishedAgo: string | null) => {
      const res = await sql.query<{ id: string }>(
        `INSERT INTO outbox_events (account_id, event_type, aggregate_type, aggregate_id, status, published_at)
         VALUES ($1, 'message.sent', 'message', gen_random_uuid(), $2, now() - $3::interval) RETURNING id`,
        [owner.accountId, status, publishedAgo],
      );
      return res.rows[0]!.id;
    };
    const old = await event('published', '8 days');
    const recent = await event('published', '1 hour');
    const failed = await event('failed', null);
    const audit = async (ago: string) => {
      const res = await sql.query<{ id: string }>(
        `INSERT INTO audit_log (account_id, actor_type, action, resource_type, created_at)
         VALUES ($1, 'system', 'channel.updated', 'channel', now() - $2::interval) RETURNING id`,
        [owner.accountId, ago],
      );
      return res.rows[0]!.id;
    };
    const expiredEntry = await audit('401 days');
    const keptEntry = await audit('399 days');

    const report = await createReconciler(t, { pruneIntervalMs: 0, pruneBatch: 1 }).runOnce();
    expect(report?.pruned).toEqual({ idempotencyKeys: 1, outboxEvents: 1, statDeltas: 0, auditEntries: 1 });
    const keys = await sql.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE account_id = $1', [
      owner.accountId,
    ]);
    expect(keys.rows.map((r) => r.key)).toEqual(['live']);
    const events = await sql.query<{ id: string }>(
      'SELECT id FROM outbox_events WHERE id = ANY($1::uuid[])',
      [[old, recent, failed]],
    );
    expect(events.rows.map((r) => r.id).sort()).toEqual([recent, failed].sort());
    // The audit log keeps 400 days.
    const entries = await sql.query<{ id: string }>('SELECT id FROM audit_log WHERE id = ANY($1::uuid[])', [
      [expiredEntry, keptEntry],
    ]);
    expect(entries.rows.map((r) => r.id)).toEqual([keptEntry]);
  });
});
