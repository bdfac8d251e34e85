/**
 * Contact import, end to end in one process: `npx tsx bench/import.ts [rows]` (default 100,000).
 * Creates a fresh database (turumba_bench_import), serves the API on a loopback port, runs the `contact-import` worker
 * role, streams a generated CSV to POST /v1/contacts/import over HTTP (never held in memory),
 * waits for the import to complete, and prints elapsed times, rows/s and the process's peak RSS
 * (sampled every 100 ms). The database and the queue keys are removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { runMigrations } from '../src/db/migrate.js';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/observability/logger.js';
import { createRuntime } from '../src/runtime.js';
import { ROLE_STARTERS } from '../workers/index.js';
import { freshDatabase } from './lib/platform.js';
import { printFigures, sampleRss } from './report.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const MB = 1024 * 1024;

/** One CSV row; every 100th repeats an earlier phone (an update), every 250th has a bad phone. */
function csvRow(i: number): string {
  const n = i % 100 === 99 ? i - 50 : i;
  const phone = i % 250 === 249 ? '12345' : `+25191${String(n).padStart(7, '0')}`;
  const plan = ['free', 'silver', 'gold'][i % 3];
  return `Person ${i},Person,${i},${phone},person${n}@example.com,customer;batch-${i % 7},Region ${i % 10},Addis Ababa,${plan},"note with a comma, row ${i}"\n`;
}

/** The CSV as a byte stream, generated as the upload pulls it. */
function csvStream(rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === 0)
        controller.enqueue(
          encoder.encode('name,first_name,last_name,phone,email,tags,groups,city,plan,note\n'),
        );
      let piece = '';
      for (const end = Math.min(i + 500, rows); i < end; i++) piece += csvRow(i);
      if (piece) controller.enqueue(encoder.encode(piece));
      if (i >= rows) controller.close();
    },
  });
}

const base = loadConfig();
const adminUrl = new URL(base.databaseUrl);
adminUrl.pathname = '/postgres';
const dbName = 'turumba_bench_import';
const dbUrl = await freshDatabase(adminUrl.toString(), dbName);
await runMigrations(dbUrl);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: dbUrl,
  QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
  LOG_LEVEL: 'warn',
  JWT_SECRET: randomBytes(32).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('hex'),
});
const runtime = createRuntime(config, createLogger('warn'));
const worker = await ROLE_STARTERS['contact-import'](runtime);
const server = serve({ fetch: createApp(runtime).fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function api(method: string, path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${origin}${path}`, { method, ...init });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

try {
  const credentials = { email: 'bench@example.com', password: 'correct horse battery' };
  await api('POST', '/v1/auth/register', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...credentials, account_name: 'Bench' }),
  });
  const { access_token: token } = await api('POST', '/v1/auth/login', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const auth = { authorization: `Bearer ${token}` };

  const baselineRss = process.memoryUsage().rss;
  const rss = sampleRss(100);
  const started = performance.now();
  const accepted = await api('POST', '/v1/contacts/import', {
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csvStream(ROWS),
    duplex: 'half',
  } as RequestInit);
  const uploaded = performance.now();
  let result: any;
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    result = await api('GET', `/v1/contact-imports/${accepted.id}`, { headers: auth });
  } while (result.status !== 'completed' && result.status !== 'failed');
  const finished = performance.now();
  const peakRss = rss.stop();
  if (result.status !== 'completed') throw new Error(`import failed: ${result.error_message}`);

  const seconds = (finished - started) / 1000;
  printFigures('import', {
    rows: ROWS,
    bytes_uploaded: result.bytes,
    imported: result.imported,
    updated: result.updated,
    failed: result.failed,
    upload_seconds: (uploaded - started) / 1000,
    processing_seconds: (finished - uploaded) / 1000,
    elapsed_seconds: seconds,
    rows_per_second: Math.round(ROWS / seconds),
    baseline_rss_mb: baselineRss / MB,
    peak_rss_mb: peakRss / MB,
  });
} finally {
  await worker.close();
  await runtime.queues.get('contact-import').obliterate({ force: true });
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
