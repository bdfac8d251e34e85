import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { migrationsUpTo } from '../helpers/migrations-before.js';

// Migration 0020 on a database that holds messages from the schema before it: the account's status
// index becomes partial, the rows stay; and an index an operator built ahead (concurrently) is kept.

const BEFORE = 19;
let before: string;
const made: string[] = [];

beforeAll(() => {
  // The migrations as they were before 0020.
  before = migrationsUpTo(BEFORE);
});

afterAll(async () => {
  rmSync(before, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  for (const name of made) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  // Each DROP DATABASE waits for a checkpoint, which a loaded machine running the suite can hold
  // past the default hook timeout.
}, 180_000);

/** A new database migrated to 0019, with an account's messages in every status; returns a client. */
async function databaseBefore(): Promise<{ url: string; sql: pg.Client; accountId: string }> {
  const name = `turumba_test_${inject('runId')}_mig_${randomBytes(4).toString('hex')}`;
  made.push(name);
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  await runMigrations(url.toString(), before);
  const sql = new pg.Client({ connectionString: url.toString() });
  await sql.connect();
  const account = await sql.query<{ id: string }>(`INSERT INTO accounts (name) VALUES ('Old') RETURNING id`);
  const accountId = account.rows[0]!.id;
  await sql.query(
    `INSERT INTO messages (account_id, status, delivery_address, message_body)
     SELECT $1, s, '+2519' || lpad(i::text, 8, '0'), 'Hello'
     FROM unnest(ARRAY['queued', 'sending', 'sent', 'delivered', 'failed', 'permanently_failed',
       'scheduled', 'cancelled', 'skipped']) AS s, generate_series(1, 10) i`,
    [accountId],
  );
  return { url: url.toString(), sql, accountId };
}

const indexOf = async (sql: pg.Client) =>
  (
    await sql.query<{ oid: number; indexdef: string }>(
      `SELECT 'messages_account_status_idx'::regclass::oid AS oid, indexdef FROM pg_indexes
       WHERE indexname = 'messages_account_status_idx'`,
    )
  ).rows[0]!;

describe('migration 0020 (the account status index)', () => {
  it('makes the index partial on a database holding messages, which stay', async () => {
    const { url, sql, accountId } = await databaseBefore();
    try {
      expect((await indexOf(sql)).indexdef).not.toContain('WHERE');
      await runMigrations(url);
      const index = await indexOf(sql);
      expect(index.indexdef).toContain(
        "WHERE (status = ANY (ARRAY['scheduled'::text, 'failed'::text, 'permanently_failed'::text, 'cancelled'::text, 'skipped'::text]))",
      );
      const counts = await sql.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM messages WHERE account_id = $1 GROUP BY status',
        [accountId],
      );
      expect(counts.rows).toHaveLength(9);
      expect(counts.rows.every((r) => r.n === 10)).toBe(true);
    } finally {
      await sql.end();
    }
  });

  it('keeps a partial index built ahead of the rollout instead of building it again', async () => {
    const { url, sql } = await databaseBefore();
    try {
      await sql.query(`CREATE INDEX CONCURRENTLY messages_account_status_partial ON messages (account_id, status)
        WHERE status IN ('scheduled', 'failed', 'permanently_failed', 'cancelled', 'skipped')`);
      await sql.query(`BEGIN; DROP INDEX messages_account_status_idx;
        ALTER INDEX messages_account_status_partial RENAME TO messages_account_status_idx; COMMIT`);
      const built = await indexOf(sql);
      await runMigrations(url);
      const after = await indexOf(sql);
      expect(after.oid).toBe(built.oid);
      expect(after.indexdef).toContain('WHERE');
    } finally {
      await sql.end();
    }
  });
});
