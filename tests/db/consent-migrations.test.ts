import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { migrationsUpTo } from '../helpers/migrations-before.js';

// Migrations 0023 and 0024 on a database holding data from the schema before them: channels in
// `error` stay held, and email opt-outs recorded with capitals become the lower-case form sends
// look up, one per address.

const BEFORE = 22;
let before: string;
let url: string;
let sql: pg.Client;
let accountId: string;
const name = `turumba_test_${inject('runId')}_mig_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  before = migrationsUpTo(BEFORE);
  const address = new URL(inject('adminUrl'));
  address.pathname = `/${name}`;
  url = address.toString();
  await runMigrations(url, before);
  sql = new pg.Client({ connectionString: url });
  await sql.connect();
  accountId = (await sql.query<{ id: string }>(`INSERT INTO accounts (name) VALUES ('Old') RETURNING id`))
    .rows[0]!.id;
});

afterAll(async () => {
  await sql?.end();
  rmSync(before, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}, 180_000);

describe('migrations 0023 and 0024 on existing data', () => {
  it('holds channels already in error, and folds email opt-outs into one lower-case row each', async () => {
    const channel = async (status: string) =>
      (
        await sql.query<{ id: string }>(
          `INSERT INTO channels (account_id, name, channel_type, provider, status, webhook_token)
           VALUES ($1, $2, 'sandbox', 'sandbox', $2, $3) RETURNING id`,
          [accountId, status, randomBytes(8).toString('hex')],
        )
      ).rows[0]!.id;
    const held = await channel('error');
    const fine = await channel('connected');
    const optOut = (channelType: string, address: string, at: string) =>
      sql.query(
        `INSERT INTO opt_outs (account_id, channel_type, address, source, created_at) VALUES ($1, $2, $3, 'provider', $4)`,
        [accountId, channelType, address, at],
      );
    await optOut('email', 'John.Smith@Acme.com', '2026-01-01');
    await optOut('email', 'john.smith@acme.com', '2026-02-01');
    await optOut('email', 'Ana@Example.org', '2026-01-01');
    await optOut('email', 'ANA@example.ORG', '2026-03-01');
    await optOut('email', 'Solo@Example.net', '2026-01-01');
    await optOut('telegram', 'AbC', '2026-01-01');

    await runMigrations(url, path.join(PROJECT_ROOT, 'migrations'));

    const channels = await sql.query(`SELECT id, needs_verify FROM channels WHERE account_id = $1`, [
      accountId,
    ]);
    expect(Object.fromEntries(channels.rows.map((r) => [r.id, r.needs_verify]))).toEqual({
      [held]: true,
      [fine]: false,
    });
    const optOuts = await sql.query(
      `SELECT channel_type, address, created_at::date::text AS day FROM opt_outs WHERE account_id = $1
       ORDER BY channel_type, address`,
      [accountId],
    );
    expect(optOuts.rows).toEqual([
      { channel_type: 'email', address: 'ana@example.org', day: '2026-01-01' },
      { channel_type: 'email', address: 'john.smith@acme.com', day: '2026-02-01' },
      { channel_type: 'email', address: 'solo@example.net', day: '2026-01-01' },
      // Not an email: ids keep their case.
      { channel_type: 'telegram', address: 'AbC', day: '2026-01-01' },
    ]);
  });
});
