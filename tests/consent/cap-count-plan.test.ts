import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAP_COUNTS } from '../../src/dispatch/claim-messages.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Capped' });
});
afterAll(async () => {
  await t.close();
});

describe("the frequency cap's count at claim time", () => {
  // A broadcast in full flight: 20,000 of the account's messages are being sent right now, on a
  // table no ANALYZE has seen. Each capped claim must still read only its own contacts' rows.
  it("reads each contact's sent and in-flight broadcast messages on the contact's indexes", async () => {
    const { pool } = t.runtime.database;
    await pool.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
    const contacts = (
      await pool.query<{ id: string }>(
        `INSERT INTO contacts (account_id, phone)
         SELECT $1, '+2519' || lpad(i::text, 8, '0') FROM generate_series(1, 20000) i RETURNING id`,
        [owner.accountId],
      )
    ).rows.map((r) => r.id);
    const group = async () =>
      (
        await pool.query<{ id: string }>(
          `INSERT INTO group_messages (account_id, name, status) VALUES ($1, 'Flight', 'processing') RETURNING id`,
          [owner.accountId],
        )
      ).rows[0]!.id;
    const inFlight = await group();
    const earlier = await group();
    await pool.query(
      `INSERT INTO messages (account_id, contact_id, group_message_id, status, delivery_address, message_body, sending_at)
       SELECT $1, c, $2, 'sending', 'x', 'Hello', now() FROM unnest($3::uuid[]) c`,
      [owner.accountId, inFlight, contacts],
    );
    // The first contact also had a broadcast message two hours ago, one eight days ago (outside the
    // week) and a single message (never counted).
    await pool.query(
      `INSERT INTO messages (account_id, contact_id, group_message_id, status, delivery_address, message_body, sent_at)
       VALUES ($1, $2, $3, 'sent', 'x', 'Hello', now() - interval '2 hours'),
              ($1, $2, $4, 'delivered', 'x', 'Hello', now() - interval '8 days'),
              ($1, $2, NULL, 'sent', 'x', 'A single', now() - interval '1 hour')`,
      [owner.accountId, contacts[0], earlier, await group()],
    );

    const capped = contacts.slice(0, 100);
    const statement = new PgDialect().sqlToQuery(sql`
      WITH capped AS (
        SELECT * FROM unnest(${sql.param(capped.map(() => owner.accountId))}::uuid[], ${sql.param(capped)}::uuid[])
          AS c(account_id, contact_id))
      ${CAP_COUNTS}`);
    const plan = (
      await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF) ${statement.sql}`,
        statement.params as unknown[],
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('messages_contact_bulk_sending_idx');
    expect(plan).toContain('messages_contact_bulk_sent_idx');
    // A lateral lookup per contact: never a parallel plan, whose workers take longer to start than
    // the count takes.
    expect(plan).not.toContain('Gather');
    // No index of the account's messages, nor the reconciler's index of pending work, is read.
    expect(plan).not.toMatch(/messages_account_\w+_idx|messages_pending_work_idx/);
    // Nor may it come to: on 400,000 unanalyzed rows (the consent bench's second round) an account
    // condition in the in-flight lookup let the planner AND the account's whole created index in,
    // 1-3 s a claim. A table this size does not show that plan, so the statement must not ask.
    const body = (
      await pool.query<{ def: string }>(`SELECT pg_get_functiondef('contact_cap_counts'::regproc) AS def`)
    ).rows[0]!.def;
    expect(body).toContain('m.contact_id = p_contact');
    expect(body).not.toMatch(/account_id/);
    // The count is inlined into the statement that calls it (a function scan would run it apart).
    expect(plan).not.toContain('Function Scan on contact_cap_counts');

    const counts = await pool.query<{ contact_id: string; day: string; week: string }>(
      statement.sql,
      statement.params as unknown[],
    );
    const byContact = new Map(counts.rows.map((r) => [r.contact_id, [Number(r.day), Number(r.week)]]));
    expect(byContact.size).toBe(100);
    // In flight (1) plus sent two hours ago (1).
    expect(byContact.get(contacts[0]!)).toEqual([2, 2]);
    expect(byContact.get(contacts[1]!)).toEqual([1, 1]);
  });
});
