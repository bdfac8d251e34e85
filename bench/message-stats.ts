/**
 * The dashboard aggregate with a million messages in the account: `npx tsx bench/message-stats.ts
 * [messages]` seeds an account's outbound messages over 14 days on 3 channels (plus another
 * account's, which the query must skip) through statements shaped like the send path's, then times GET /v1/stats/messages (14 days, by day and
 * channel, through the whole HTTP stack with an API key) and prints p50/p95/max. Budget: ≤ 200 ms.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { runMigrations } from '../src/db/migrate.js';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/observability/logger.js';
import { createRuntime } from '../src/runtime.js';
import { sha256Hex } from '../src/security/tokens.js';
import { freshDatabase, percentile } from './lib/platform.js';
import { printFigures } from './report.js';

const MESSAGES = Number(process.argv[2] ?? 1_000_000);
const OTHER_ACCOUNT_MESSAGES = Math.round(MESSAGES / 5);
const REQUESTS = 30;
const CHUNK = 1_000;
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const databaseUrl = await freshDatabase(ADMIN_URL, 'turumba_bench_stats');
await runMigrations(databaseUrl);
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();

async function seedAccount(messages: number): Promise<{ accountId: string; key: string }> {
  const account = await sql.query<{ id: string }>(
    `INSERT INTO accounts (name) VALUES ('Bench') RETURNING id`,
  );
  const accountId = account.rows[0]!.id;
  const role = await sql.query<{ id: string }>(
    `INSERT INTO roles (account_id, name, permissions) VALUES ($1, 'admin', '["*"]') RETURNING id`,
    [accountId],
  );
  const key = `tk_${randomBytes(24).toString('hex')}`;
  await sql.query(
    `INSERT INTO api_keys (account_id, role_id, name, prefix, key_hash) VALUES ($1, $2, 'bench', $3, $4)`,
    [accountId, role.rows[0]!.id, key.slice(0, 8), sha256Hex(key)],
  );
  const channels = [randomUuid(), randomUuid(), randomUuid()];
  // Written as the platform writes them, so the stats' delta rows are as many as in production: the
  // messages inserted queued, over the last 14 days; then sent in statements of CHUNK rows (a send
  // flush); then their receipts in statements of CHUNK rows: 90% delivered, 5% failed after the
  // send, 5% left without a receipt.
  await sql.query(
    `INSERT INTO messages (account_id, channel_id, direction, status, delivery_address, created_at)
     SELECT $1, ($2::uuid[])[1 + i % 3], 'outbound', 'queued',
       '+2557' || lpad((i % 100000000)::text, 8, '0'), now() - (i % (14 * 86400)) * interval '1 second'
     FROM generate_series(1, $3::int) AS i`,
    [accountId, channels, messages],
  );
  await sql.query('DROP TABLE IF EXISTS bench_ids');
  await sql.query(
    `CREATE TEMP TABLE bench_ids AS
     SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM messages WHERE account_id = $1`,
    [accountId],
  );
  await sql.query('CREATE INDEX ON bench_ids (n)');
  for (let from = 1; from <= messages; from += CHUNK) {
    await sql.query(
      `UPDATE messages m SET status = 'sent', sent_at = m.created_at
       FROM bench_ids b WHERE b.id = m.id AND b.n BETWEEN $1 AND $2`,
      [from, from + CHUNK - 1],
    );
  }
  for (let from = 1; from <= messages; from += CHUNK) {
    await sql.query(
      `UPDATE messages m SET status = CASE WHEN b.n % 20 = 0 THEN 'permanently_failed' ELSE 'delivered' END
       FROM bench_ids b WHERE b.id = m.id AND b.n BETWEEN $1 AND $2 AND b.n % 20 <> 1`,
      [from, from + CHUNK - 1],
    );
  }
  return { accountId, key };
}

function randomUuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

let started = performance.now();
const mine = await seedAccount(MESSAGES);
await seedAccount(OTHER_ACCOUNT_MESSAGES);
await sql.query('VACUUM ANALYZE messages, message_stat_deltas');
const deltaRows = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM message_stat_deltas'))
  .rows[0]!.n;
const seedSeconds = (performance.now() - started) / 1000;

const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
const runtime = createRuntime(config, createLogger('silent'));
const app = createApp(runtime);
const to = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10);
const path = `/v1/stats/messages?from=${from}&to=${to}&interval=day&group_by=channel&timezone=UTC`;
const headers = { authorization: `Bearer ${mine.key}` };

let checked = 0;
const timings: number[] = [];
for (let i = 0; i < REQUESTS + 3; i++) {
  started = performance.now();
  const response = await app.request(path, { headers });
  const body = (await response.json()) as { totals: { sent: number; failed: number } };
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`stats answered ${response.status}: ${JSON.stringify(body)}`);
  checked = body.totals.sent;
  if (i >= 3) timings.push(ms); // the first few warm the pool, caches and JIT
}
if (checked !== MESSAGES) throw new Error(`the stats counted ${checked} messages, not ${MESSAGES}`);

printFigures('message-stats', {
  messages_in_account: MESSAGES,
  other_account_messages: OTHER_ACCOUNT_MESSAGES,
  seed_seconds: Math.round(seedSeconds),
  stat_delta_rows: deltaRows,
  requests: REQUESTS,
  p50_ms: Math.round(percentile(timings, 50)),
  p95_ms: Math.round(percentile(timings, 95)),
  max_ms: Math.round(Math.max(...timings)),
});
await runtime.close();
await sql.end();
