import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusEvent } from '../../providers/types.js';
import { createDatabase, type Database } from '../../src/db/client.js';
import { WebhookInbox } from '../../src/webhooks/inbox.js';
import { SessionReceipts } from '../../src/webhooks/session-receipts.js';
import { as, getMessage, sendMessage } from '../dispatch/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Receipts that arrive over a session (SMPP) are applied where they arrive; only what cannot be
// applied yet, or not at all, goes to the webhook inbox for the `webhooks` role (not running here).

let t: TestContext;
let database: Database;
let owner: Session;
let receipts: SessionReceipts;
let channel: { id: string; accountId: string };
let sent = 0;

beforeAll(async () => {
  t = await setupTestApp();
  database = createDatabase(t.databaseUrl, { max: 4 });
  owner = await signUp(t);
  channel = { id: await createSandboxChannel(t, owner), accountId: owner.accountId };
  receipts = new SessionReceipts(database.db, new WebhookInbox(database.db), t.runtime.logger);
});
afterAll(async () => {
  await receipts.drain();
  await database.pool.end();
  await t.close();
});

/** A single message the provider accepted (no send worker runs here: its `sent` write is made directly). */
async function sentMessage(): Promise<{ id: string; providerId: string }> {
  const created = await sendMessage(t, owner, {
    channel_id: channel.id,
    delivery_address: `+25571200${String(++sent).padStart(4, '0')}`,
    message_body: 'Receipt please',
  });
  const providerId = `smsc-${randomBytes(6).toString('hex')}`;
  await database.pool.query(
    `UPDATE messages SET status = 'sent', provider_message_id = $2, sent_at = now(), attempts = 1 WHERE id = $1`,
    [created.id, providerId],
  );
  return { id: created.id, providerId };
}

async function inboxRows(providerIds: string[]): Promise<{ provider_message_id: string; state: string }[]> {
  const res = await database.pool.query(
    `SELECT provider_message_id, state FROM webhook_events
      WHERE channel_id = $1 AND provider_message_id = ANY($2)`,
    [channel.id, providerIds],
  );
  const order = (row: { provider_message_id: string }) => providerIds.indexOf(row.provider_message_id);
  return res.rows.sort((x, y) => order(x) - order(y));
}

const receipt = (
  providerMessageId: string,
  status: StatusEvent['status'],
  extra: Partial<StatusEvent> = {},
) => ({
  providerMessageId,
  status,
  occurredAt: new Date(),
  ...extra,
});

describe('session receipts', () => {
  it('applies a receipt whose send is recorded without an inbox row, and keeps the others there', async () => {
    const a = await sentMessage();
    const b = await sentMessage();
    const early = `smsc-early-${randomBytes(4).toString('hex')}`;
    await receipts.record(channel, [
      receipt(a.providerId, 'delivered'),
      receipt(b.providerId, 'failed', { providerStatus: 'UNDELIV', errorCode: '001' }),
      // Its send is not recorded yet: it waits in the inbox.
      receipt(early, 'delivered'),
      // A word no mapping knows: kept, ignored.
      receipt(a.providerId, 'unknown', { providerStatus: 'ENROUTE2' }),
    ]);
    expect((await getMessage(t, owner, a.id)).status).toBe('delivered');
    const failed = await getMessage(t, owner, b.id);
    expect(failed).toMatchObject({
      status: 'permanently_failed',
      error_details: { code: 'delivery_failed' },
    });
    expect(await inboxRows([a.providerId, b.providerId, early])).toEqual([
      { provider_message_id: a.providerId, state: 'pending' },
      { provider_message_id: early, state: 'pending' },
    ]);
    const unknown = await database.pool.query(
      `SELECT dedupe_key FROM webhook_events WHERE channel_id = $1 AND provider_message_id = $2`,
      [channel.id, a.providerId],
    );
    expect(unknown.rows).toEqual([{ dedupe_key: 'status:unknown:ENROUTE2' }]);

    // The same receipts again change nothing and store nothing more.
    await receipts.record(channel, [receipt(a.providerId, 'failed'), receipt(b.providerId, 'delivered')]);
    expect((await getMessage(t, owner, a.id)).status).toBe('delivered');
    expect((await getMessage(t, owner, b.id)).status).toBe('permanently_failed');
    expect(await inboxRows([b.providerId])).toEqual([]);
  });

  it('stores a whole batch in the inbox when PostgreSQL refuses a value in it, losing none', async () => {
    const a = await sentMessage();
    const poisoned = `nul\u0000${randomBytes(3).toString('hex')}`;
    await Promise.all([
      receipts.record(channel, [receipt(a.providerId, 'delivered')]),
      receipts.record(channel, [receipt(poisoned, 'delivered')]),
    ]);
    // Nothing applied here: both wait in the inbox, the bad id cleaned, for the `webhooks` role.
    expect((await getMessage(t, owner, a.id)).status).toBe('sent');
    expect(await inboxRows([a.providerId, poisoned.replace('\u0000', '')])).toEqual([
      { provider_message_id: a.providerId, state: 'pending' },
      { provider_message_id: poisoned.replace('\u0000', ''), state: 'pending' },
    ]);
    const res = await t.request('GET', `/v1/messages/${a.id}`, as(owner));
    expect(res.body.status).toBe('sent');
  });

  it('stores the batch in the inbox when a lock is not had within 2 s, instead of holding the acknowledgements', async () => {
    const a = await sentMessage();
    // Another transaction holds the message's row (a long cancel, a stuck writer).
    const holder = await database.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM messages WHERE id = $1 FOR UPDATE', [a.id]);
      const started = Date.now();
      await receipts.record(channel, [receipt(a.providerId, 'delivered')]);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await inboxRows([a.providerId])).toEqual([
        { provider_message_id: a.providerId, state: 'pending' },
      ]);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect((await getMessage(t, owner, a.id)).status).toBe('sent');
  });

  it('decides a two-part message by its parts: the failure wins within a batch, a part keeps its first answer', async () => {
    const parted = async () => {
      const m = await sentMessage();
      const second = `${m.providerId}-2`;
      await database.pool.query(
        `INSERT INTO message_parts (channel_id, provider_part_id, message_id, part_number, parts_total)
         VALUES ($1, $2, $3, 1, 2), ($1, $4, $3, 2, 2)`,
        [channel.id, m.providerId, m.id, second],
      );
      return { ...m, second };
    };
    const a = await parted();
    await receipts.record(channel, [receipt(a.second, 'delivered'), receipt(a.second, 'failed')]);
    await receipts.record(channel, [receipt(a.providerId, 'delivered')]);
    const failed = await getMessage(t, owner, a.id);
    expect(failed.status).toBe('permanently_failed');
    expect(JSON.stringify(failed.error_details)).toContain('part 2 of 2');

    const b = await parted();
    await receipts.record(channel, [receipt(b.providerId, 'delivered')]);
    await receipts.record(channel, [receipt(b.providerId, 'failed')]);
    expect((await getMessage(t, owner, b.id)).status).toBe('sent');
    await receipts.record(channel, [receipt(b.second, 'delivered')]);
    expect((await getMessage(t, owner, b.id)).status).toBe('delivered');
  });
});
