import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimMessages } from '../../src/dispatch/claim-messages.js';
import type { SendOutcome } from '../../src/dispatch/outcomes.js';
import { singleSendsStatement, writeOutcomes } from '../../src/dispatch/write-outcomes.js';
import { claimStatement } from '../../src/outbox/outbox-store.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createSandboxChannel, seedSingles } from './support.js';

// A flush of single messages that were only sent (the usual flush of a transactional send) is
// written in one statement; anything else goes through the transaction of the general path. Both
// must leave the same rows and the same events.

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let channelId: string;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Outcome writes' });
  sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
  channelId = (await createSandboxChannel(t, owner)).id;
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

let phone = 0;
/** Single messages stored and claimed (sending, attempt 1), as the send path has them. */
async function claimedSingles(count: number): Promise<string[]> {
  const addresses = Array.from({ length: count }, (_, i) => `+25571330${String(phone + i).padStart(4, '0')}`);
  phone += count;
  const ids = await seedSingles(sql, { accountId: owner.accountId, channelId, addresses });
  const claims = await claimMessages(
    t.runtime.database.db,
    ids.map((id) => ({ id, accountId: owner.accountId })),
  );
  expect(claims.every((c) => c !== null && c !== 'frequency_capped' && c.attempt === 1)).toBe(true);
  return ids;
}

const sentAt = new Date('2026-12-06T10:00:00.000Z');
function sent(id: string, delivered: boolean): SendOutcome {
  return {
    kind: 'sent',
    id,
    accountId: owner.accountId,
    groupMessageId: null,
    attempt: 1,
    providerMessageId: `prov-${id.slice(0, 8)}`,
    segments: 1,
    body: 'Hello there',
    subject: null,
    sentAt,
    receipts: delivered
      ? [
          {
            channelId,
            providerMessageId: `prov-${id.slice(0, 8)}`,
            status: 'delivered',
            occurredAt: new Date(sentAt.getTime() + 500),
          },
        ]
      : [],
  };
}

/** A claimed attempt the provider did not answer: retryable, so the flush takes the general path. */
function timedOut(id: string): SendOutcome {
  return {
    kind: 'failed',
    id,
    accountId: owner.accountId,
    groupMessageId: null,
    attempt: 1,
    error: { code: 'timeout', message: 'The provider did not answer', retryable: true },
    nextAttemptAt: new Date(Date.now() + 60_000),
  };
}

/** What a user and a subscriber see of a message: its row's fields and its events, ids made relative. */
async function seen(id: string) {
  const row = (
    await sql.query(
      `SELECT status, provider_message_id, segments, message_body, attempts,
         sent_at::text, delivered_at::text, error_details, next_attempt_at FROM messages WHERE id = $1`,
      [id],
    )
  ).rows[0];
  const events = (
    await sql.query<{ event_type: string; account_id: string; payload: Record<string, unknown> }>(
      `SELECT event_type, account_id, payload FROM outbox_events
       WHERE aggregate_id = $1 AND aggregate_type = 'message' ORDER BY event_type`,
      [id],
    )
  ).rows.map((e) => ({
    ...e,
    payload: {
      ...e.payload,
      message_id: e.payload.message_id === id ? 'self' : e.payload.message_id,
      provider_message_id: e.payload.provider_message_id === `prov-${id.slice(0, 8)}` ? 'prov' : '?',
    },
  }));
  return { row, events };
}

describe('writing the outcomes of single messages sent', () => {
  it('leaves the same rows and events in one statement as through the general transaction', async () => {
    const [quick, quickDelivered, general, generalDelivered, failing] = await claimedSingles(5);
    // Only sends of singles: the one-statement write.
    expect(
      await writeOutcomes(t.runtime.database.db, [sent(quick!, false), sent(quickDelivered!, true)]),
    ).toEqual([true, true]);
    // A failure in the same flush sends the whole flush through the general path.
    expect(
      await writeOutcomes(t.runtime.database.db, [
        sent(general!, false),
        sent(generalDelivered!, true),
        timedOut(failing!),
      ]),
    ).toEqual([true, true, true]);

    const [a, b, c, d] = [
      await seen(quick!),
      await seen(quickDelivered!),
      await seen(general!),
      await seen(generalDelivered!),
    ];
    expect(a!.row).toMatchObject({ status: 'sent', provider_message_id: `prov-${quick!.slice(0, 8)}` });
    expect(a!.events.map((e) => e.event_type)).toEqual(['message.sent']);
    expect(a!.events[0]!.payload).toEqual({
      message_id: 'self',
      channel_id: channelId,
      status: 'sent',
      provider_message_id: 'prov',
      segments: 1,
      attempts: 1,
      sent_at: sentAt.toISOString(),
    });
    expect(b!.row).toMatchObject({ status: 'delivered' });
    expect(b!.row.delivered_at).not.toBeNull();
    expect(b!.events.map((e) => e.event_type)).toEqual(['message.delivered', 'message.sent']);
    // The general path wrote exactly the same (but for the provider id, which names each message).
    const sameBut = (x: typeof a) => ({ ...x!.row, provider_message_id: undefined });
    expect(sameBut(c)).toEqual(sameBut(a));
    expect(c!.events).toEqual(a!.events);
    expect(sameBut(d)).toEqual(sameBut(b));
    expect(d!.events).toEqual(b!.events);
  });

  it('changes nothing and writes no event for a send the message has moved on from', async () => {
    const [id] = await claimedSingles(1);
    expect(await writeOutcomes(t.runtime.database.db, [sent(id!, true)])).toEqual([true]);
    // A replayed flush of the same attempt: the row is no longer that attempt's `sending`.
    expect(await writeOutcomes(t.runtime.database.db, [sent(id!, false)])).toEqual([false]);
    const { row, events } = await seen(id!);
    expect(row.status).toBe('delivered');
    expect(events.map((e) => e.event_type)).toEqual(['message.delivered', 'message.sent']);
  });
});

describe('the order of the events a flush writes', () => {
  it("gives the relay each message's events in the order they happened, on both paths", async () => {
    const ids = await claimedSingles(80);
    // Half through the one statement of plain sends, half through the general path (a failure
    // among them): every message sent and delivered in the same write. In the general path, sends
    // whose receipt came with them reporting a failure: sent, then failed by the receipt path, a
    // second write of the same transaction.
    const [quick, general, bounced] = [ids.slice(0, 30), ids.slice(30, 60), ids.slice(60)];
    await writeOutcomes(
      t.runtime.database.db,
      quick.map((id) => sent(id, true)),
    );
    const [failing, ...rest] = general;
    await writeOutcomes(t.runtime.database.db, [
      ...rest.map((id) => sent(id, true)),
      ...bounced.map((id) => {
        const outcome = sent(id, false) as Extract<SendOutcome, { kind: 'sent' }>;
        const receipt = {
          channelId,
          providerMessageId: outcome.providerMessageId,
          status: 'failed' as const,
          occurredAt: new Date(sentAt.getTime() + 500),
        };
        return { ...outcome, receipts: [receipt] };
      }),
      timedOut(failing!),
    ]);
    // An event of a transaction that began earlier and committed later, as the relay meets them all
    // the time: written after the flushes, older than them.
    await sql.query(
      `INSERT INTO outbox_events (account_id, event_type, aggregate_type, aggregate_id, occurred_at)
       VALUES ($1, 'message.created', 'message', $2, now() - interval '1 second')`,
      [owner.accountId, failing],
    );
    // What the relay would publish, in its order (rolled back: nothing is taken from it).
    const client = await t.runtime.database.pool.connect();
    let claimed: { aggregate_id: string; event_type: string }[];
    try {
      await client.query('BEGIN');
      claimed = (await client.query(claimStatement(100_000))).rows;
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const sentIds = [...quick, ...rest];
    for (const id of sentIds) {
      const order = claimed.filter((e) => e.aggregate_id === id).map((e) => e.event_type);
      expect(order, id).toEqual(['message.sent', 'message.delivered']);
    }
    for (const id of bounced) {
      const order = claimed.filter((e) => e.aggregate_id === id).map((e) => e.event_type);
      expect(order, id).toEqual(['message.sent', 'message.failed']);
    }
  });
});

describe("the statement of one single message's send", () => {
  // Planned with its values on each call: it must find the row by primary key on a table of a few
  // rows (unanalyzed, then analyzed) and on one of 150,000 that no ANALYZE has seen.
  it('finds the row by primary key on a small and on a large table', async () => {
    const { pool } = t.runtime.database;
    await pool.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
    const [id] = await claimedSingles(1);
    const { sql: text, params } = new PgDialect().sqlToQuery(
      singleSendsStatement([sent(id!, true) as Extract<SendOutcome, { kind: 'sent' }>]),
    );
    const plan = async () =>
      (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params as unknown[])).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    const small = await plan();
    await pool.query('ANALYZE messages');
    const analyzed = await plan();
    await pool.query(
      `INSERT INTO messages (account_id, channel_id, status, delivery_address, message_body)
       SELECT $1, $2, (ARRAY['queued', 'sending', 'delivered'])[1 + i % 3], '+2519' || lpad(i::text, 8, '0'), 'Hello'
       FROM generate_series(1, 150000) i`,
      [owner.accountId, channelId],
    );
    const large = await plan();
    for (const p of [small, analyzed, large]) {
      expect(p).not.toMatch(/Bitmap|messages_(account|pending)_\w+_idx/);
    }
    for (const p of [small, large]) expect(p).toContain('Index Scan using messages_pkey on messages m');
  });
});
