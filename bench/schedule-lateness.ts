/**
 * Scheduler benchmark: trigger lateness, from an occurrence's nominal instant to its message row
 * being written (the run row is written with clock_timestamp() right after the message), with N
 * active recurring schedules on an otherwise idle platform (API + worker processes, all roles).
 *
 * BENCH_SCHEDULES=1000 · BENCH_SCHEDULE_SECONDS=120 (measured window) · BENCH_SCHEDULE_PERIOD=60
 * (each schedule runs every PERIOD seconds, spread evenly over the seconds of the period)
 *
 * `measureScheduleLateness` is exported for a combined run: point it at any running platform (for
 * instance during a broadcast) with an API client, a database client and a channel.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  freshDatabase,
  type PlatformProcess,
  percentile,
  startProcess,
  stopProcess,
} from './lib/platform.js';
import { printFigures } from './report.js';

export type Api = (method: string, path: string, body?: unknown) => Promise<any>;

export type LatenessOptions = {
  api: Api;
  /** A connection to the platform's database (reads scheduled_message_runs). */
  db: pg.Client;
  channelId: string;
  schedules: number;
  /** Length of the measured window. */
  seconds: number;
  /** Each schedule runs every `periodSeconds` (a divisor of 60). */
  periodSeconds: number;
  /** How many schedules are created at once. */
  concurrency?: number;
};

export type LatenessResult = {
  schedules: number;
  runs: number;
  expected_runs: number;
  missed_or_failed: number;
  lateness_p50_ms: number;
  lateness_p99_ms: number;
  lateness_max_ms: number;
};

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * Creates `schedules` recurring single-message schedules (cron, spread over the seconds of the
 * period), lets them run for `seconds`, reads every run of that window from the database, cancels
 * the schedules and returns the lateness percentiles.
 */
export async function measureScheduleLateness(options: LatenessOptions): Promise<LatenessResult> {
  const { api, db, periodSeconds } = options;
  if (60 % periodSeconds !== 0) throw new Error('the period must divide 60 seconds');
  const ids: string[] = [];
  const indexes = Array.from({ length: options.schedules }, (_, i) => i);
  await inParallel(indexes, options.concurrency ?? 8, async (i) => {
    const second = i % periodSeconds;
    const created = await api('POST', '/v1/scheduled-messages', {
      name: `bench ${i}`,
      send_type: 'single',
      channel_id: options.channelId,
      delivery_address: `+2519${String(10_000_000 + i).padStart(8, '0')}`,
      message_body: 'Scheduled benchmark message',
      scheduled_at: new Date().toISOString(),
      timezone: 'Africa/Addis_Ababa',
      recurrence_rule: `cron:${second}/${periodSeconds} * * * * *`,
    });
    ids.push(created.id);
  });
  // Every schedule is armed once its created event went through; start the window on a fresh period.
  await sleep(3000);
  const from = new Date(Math.ceil(Date.now() / 1000) * 1000);
  const until = new Date(from.getTime() + options.seconds * 1000);
  await sleep(until.getTime() - Date.now() + 3000);

  const { rows } = await db.query<{ outcome: string; ms: string }>(
    `SELECT outcome, extract(epoch FROM created_at - occurrence_at) * 1000 AS ms
       FROM scheduled_message_runs
      WHERE scheduled_message_id = ANY($1::uuid[]) AND occurrence_at >= $2 AND occurrence_at < $3`,
    [ids, from, until],
  );
  await inParallel(ids, options.concurrency ?? 8, async (id) => {
    await api('POST', `/v1/scheduled-messages/${id}/cancel`);
  });
  const lateness = rows.filter((r) => r.outcome === 'triggered').map((r) => Number(r.ms));
  const round = (n: number) => Number(n.toFixed(1));
  return {
    schedules: ids.length,
    runs: lateness.length,
    expected_runs: (options.schedules * options.seconds) / periodSeconds,
    missed_or_failed: rows.length - lateness.length,
    lateness_p50_ms: round(percentile(lateness, 50)),
    lateness_p99_ms: round(percentile(lateness, 99)),
    lateness_max_ms: round(Math.max(...lateness)),
  };
}

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const port = Number(process.env.BENCH_PORT ?? 18091);
  const base = `http://127.0.0.1:${port}`;
  const databaseUrl = await freshDatabase(adminUrl, 'turumba_bench_schedules');
  const env = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    PORT: String(port),
    METRICS_PORT: '0',
    AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  let token = '';
  const api: Api = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const processes: PlatformProcess[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    processes.push(await startProcess('api', ['--api'], env, `${base}/healthz`));
    processes.push(await startProcess('worker', ['--worker'], env));
    await db.connect();
    const email = `bench-${randomBytes(3).toString('hex')}@example.com`;
    await api('POST', '/v1/auth/register', { email, password: 'benchmark password', account_name: 'Bench' });
    token = (await api('POST', '/v1/auth/login', { email, password: 'benchmark password' })).access_token;
    const channel = await api('POST', '/v1/channels', {
      name: 'Sandbox',
      channel_type: 'sandbox',
      config: { delay_ms: 0, failure_rate: 0, deliver: true },
    });
    const result = await measureScheduleLateness({
      api,
      db,
      channelId: channel.id,
      schedules: Number(process.env.BENCH_SCHEDULES ?? 1000),
      seconds: Number(process.env.BENCH_SCHEDULE_SECONDS ?? 120),
      periodSeconds: Number(process.env.BENCH_SCHEDULE_PERIOD ?? 60),
    });
    printFigures('schedule-lateness', { ...result, scenario: 'idle' });
  } finally {
    await Promise.all(processes.map(stopProcess));
    await db.end().catch(() => {});
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
