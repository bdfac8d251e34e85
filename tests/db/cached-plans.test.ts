import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { claimMessages } from '../../src/dispatch/claim-messages.js';
import { optedOutAddresses, skipFrequencyCapped } from '../../src/dispatch/consent-gate.js';
import { selectPending } from '../../src/dispatch/load-messages.js';
import type { Preparation } from '../../src/dispatch/prepare-messages.js';
import { createMessage } from '../../src/modules/messages/create-message.js';
import type { MessageCreate } from '../../src/modules/messages/schemas.js';
import { createContact, createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// The statements a send runs many times per second on a long-lived connection, first run while
// their tables are nearly empty (a new deployment, or the first seconds of a benchmark), then run
// again once the tables hold 100,000 rows that no ANALYZE has seen (autovacuum lags, or is off).
// PostgreSQL keeps a prepared statement's generic plan for the connection's life once it judges it no
// dearer than a custom one, and on a table of a few rows a sequential scan is the cheapest plan
// there is: each call would then read the whole table. Each statement must instead keep reading
// only the rows it asks for.

const GROWN = 100_000;

let t: TestContext;
let owner: Session;
let channelId: string;
let contactId: string;
const connections: Database[] = [];
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Growing' });
  channelId = await createSandboxChannel(t, owner);
  contactId = (await createContact(t, owner, { name: 'Abebe', phone: '+251911000001' })).id;
  await t.runtime.database.pool.query(
    `ALTER TABLE messages SET (autovacuum_enabled = false);
     ALTER TABLE contacts SET (autovacuum_enabled = false);
     ALTER TABLE opt_outs SET (autovacuum_enabled = false)`,
  );
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.pool.end()));
  await t.close();
});

/** A database handle over one connection, so a statement's cached plan is the one it runs again. */
function oneConnection(): Database {
  const database = createDatabase(t.databaseUrl, { max: 1 });
  connections.push(database);
  return database;
}

/** Rows of `table` read on `connection` (sequentially or through any of its indexes) by `work`. */
async function rowsRead(connection: Database, table: string, work: () => Promise<unknown>): Promise<number> {
  const read = async () => {
    // This connection's counts are published when it next goes idle, forced past the 1 s interval.
    await connection.pool.query('SELECT pg_stat_force_next_flush()');
    const { rows } = await connection.pool.query<{ n: string }>(
      `SELECT (SELECT coalesce(seq_tup_read, 0) FROM pg_stat_user_tables WHERE relname = $1)
            + (SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_user_indexes WHERE relname = $1) AS n`,
      [table],
    );
    return Number(rows[0]!.n);
  };
  const before = await read();
  await work();
  return (await read()) - before;
}

const ctxOf = (db: Database['db']) => ({
  accountId: owner.accountId,
  actor: { type: 'system' as const },
  requestId: 'cached-plans',
  logger: t.runtime.logger,
  db,
});

const insertMessages = (status: string, count: number) =>
  t.runtime.database.pool.query<{ id: string }>(
    `INSERT INTO messages (account_id, status, delivery_address, message_body)
     SELECT $1, $2, '+2519' || lpad(i::text, 8, '0'), 'Hello' FROM generate_series(1, $3) i RETURNING id`,
    [owner.accountId, status, count],
  );

/** A broadcast's batch as the send job prepared it, all to the one contact (the fields the cap reads). */
const capped = (): Preparation[] =>
  Array.from({ length: 20 }, (_, i) => ({
    send: { message: { id: `m${i}`, direction: 'outbound', groupMessageId: owner.accountId, contactId } },
  })) as unknown as Preparation[];

describe('statements run while the tables are small', () => {
  it('read only the rows they ask for once the tables hold 100,000 rows', async () => {
    const few = (await insertMessages('queued', 150)).rows.map((r) => r.id);
    const batch = few.slice(0, 100);
    const one = few.slice(100, 101);

    // Each statement on a connection of its own, run ten times on the small tables: past the five
    // custom plans after which PostgreSQL may settle on a generic one.
    const loadOne = oneConnection();
    const loadBatch = oneConnection();
    const sources = oneConnection();
    const optOuts = oneConnection();
    const claimOne = oneConnection();
    const claimBatch = oneConnection();
    const claimCapped = oneConnection();
    const capCounts = oneConnection();
    for (let i = 0; i < 10; i++) {
      await selectPending(loadOne.db, owner.accountId, one);
      await selectPending(loadBatch.db, owner.accountId, batch);
      await createMessage(sources.db, ctxOf(sources.db), {
        channel_id: channelId,
        contact_id: contactId,
        message_body: 'Hello {FIRST_NAME}',
      } satisfies MessageCreate);
      await optedOutAddresses(optOuts.db, owner.accountId, 'sms', ['+251911000001', '+251911000002']);
      // Claims of ids no message has: nothing changes, the statement is planned all the same.
      const missing = batch.map((id) => id.replace(/.{4}$/, 'ffff'));
      await claimMessages(claimOne.db, [{ id: missing[0]!, accountId: owner.accountId }]);
      await claimMessages(
        claimBatch.db,
        missing.map((id) => ({ id, accountId: owner.accountId })),
      );
      await skipFrequencyCapped(capCounts.db, capped(), owner.accountId, { per_day: 5 });
      await claimMessages(
        claimCapped.db,
        missing.map((id) => ({
          id,
          accountId: owner.accountId,
          cap: { contactId, perDay: 5, perWeek: null },
        })),
      );
    }

    // The tables grow past what any of those plans were made for.
    await insertMessages('delivered', GROWN);
    // A broadcast's window of messages waiting to be sent.
    await insertMessages('queued', 20_000);
    const { pool } = t.runtime.database;
    await pool.query(
      `INSERT INTO contacts (account_id, name, phone)
       SELECT $1, 'Contact ' || i, '+2517' || lpad(i::text, 8, '0') FROM generate_series(1, $2) i`,
      [owner.accountId, GROWN],
    );
    await pool.query(
      `INSERT INTO opt_outs (account_id, channel_type, address, source)
       SELECT $1, 'sms', '+2518' || lpad(i::text, 8, '0'), 'api' FROM generate_series(1, $2) i`,
      [owner.accountId, GROWN],
    );

    const readBy: Record<string, number> = {
      'a send batch read of one message': await rowsRead(loadOne, 'messages', async () => {
        expect(await selectPending(loadOne.db, owner.accountId, one)).toHaveLength(1);
      }),
      'a send batch read of 100 messages': await rowsRead(loadBatch, 'messages', async () => {
        expect(await selectPending(loadBatch.db, owner.accountId, batch)).toHaveLength(100);
      }),
      "a single message's contact": await rowsRead(sources, 'contacts', () =>
        createMessage(sources.db, ctxOf(sources.db), {
          channel_id: channelId,
          contact_id: contactId,
          message_body: 'Hello {FIRST_NAME}',
        } satisfies MessageCreate),
      ),
      'the opt-out lookup': await rowsRead(optOuts, 'opt_outs', async () => {
        expect(await optedOutAddresses(optOuts.db, owner.accountId, 'sms', ['+251800000001'])).toEqual(
          new Set(['+251800000001']),
        );
      }),
      'the claim of one message': await rowsRead(claimOne, 'messages', async () => {
        const [claimed] = await claimMessages(claimOne.db, [{ id: one[0]!, accountId: owner.accountId }]);
        expect(claimed).toMatchObject({ id: one[0] });
      }),
      'the claim of 50 messages': await rowsRead(claimBatch, 'messages', async () => {
        const claimed = await claimMessages(
          claimBatch.db,
          batch.slice(0, 50).map((id) => ({ id, accountId: owner.accountId })),
        );
        expect(claimed.filter((c) => c !== null)).toHaveLength(50);
      }),
      "the frequency cap's early count": await rowsRead(capCounts, 'messages', async () => {
        const batch = capped();
        await skipFrequencyCapped(capCounts.db, batch, owner.accountId, { per_day: 5 });
        expect(batch.every((p) => 'send' in p)).toBe(true);
      }),
      'the frequency-capped claim': await rowsRead(claimCapped, 'messages', async () => {
        const claimed = await claimMessages(
          claimCapped.db,
          batch
            .slice(50)
            .map((id) => ({ id, accountId: owner.accountId, cap: { contactId, perDay: 5, perWeek: null } })),
        );
        expect(claimed.filter((c) => c !== null && c !== 'frequency_capped')).toHaveLength(5);
      }),
    };
    // The measure sees a scan of the table: 120,150 rows.
    const control = oneConnection();
    expect(
      await rowsRead(control, 'messages', () => control.pool.query('SELECT count(*) FROM messages')),
    ).toBeGreaterThan(GROWN);
    // A lookup by key reads a few index entries and rows per id.
    expect(Object.entries(readBy).filter(([, read]) => read > 2_000)).toEqual([]);
  });
});
