/**
 * Broadcast benchmark: N recipients to a sandbox channel (delay 0), end to end from the POST to the
 * last status write, with POST /v1/messages probed at 200 requests/s during the run, peak RSS per
 * process, Redis memory growth, and BullMQ's own no-op rate on the same Redis for comparison.
 *
 * BENCH_SIZES=100000,1000000 (default) · BENCH_WORKERS=1 (worker processes) · BENCH_PROBE_RPS=200
 * BENCH_PROBES=0,200 runs every size once per probe rate (default: BENCH_PROBE_RPS only), so the
 * broadcast's rate with the probe can be compared with its rate without it, in the same run.
 * BENCH_SCHEDULES=1000 also measures scheduler trigger lateness during the broadcast (0 = off, default).
 * BENCH_PROBE_TRACE=/tmp/probe writes each probed request's send time and latency to
 * /tmp/probe-<size>-<rate>.json (where in the run the slow answers are).
 * BENCH_PROBE_WARMUP_SECONDS=10: the probe starts this long before the broadcast is posted (a serving
 * API, warm), and only what it sends from the broadcast's POST on is counted; 0 starts both cold.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  freshDatabase,
  type PlatformProcess,
  percentile,
  queueBroadcast,
  signUpBench,
  startProcess,
  stopProcess,
} from './lib/platform.js';
import { type LatenessResult, measureScheduleLateness } from './schedule-lateness.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env.BENCH_PORT ?? 18090);
const BASE = `http://127.0.0.1:${PORT}`;
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PROBES = (process.env.BENCH_PROBES ?? process.env.BENCH_PROBE_RPS ?? '200').split(',').map(Number);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 20 * 60_000);
const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 0);
const PROBE_TRACE = process.env.BENCH_PROBE_TRACE;
const PROBE_WARMUP_SECONDS = Number(process.env.BENCH_PROBE_WARMUP_SECONDS ?? 10);

async function api(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(info.match(/used_memory:(\d+)/)?.[1] ?? 0) / 1024 / 1024;
}

/** BullMQ's own throughput on this Redis: add N no-op jobs, then drain them with one worker. */
async function bullmqNoopRate(jobs: number): Promise<number> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `bench-noop-${randomBytes(3).toString('hex')}`;
  const queue = new Queue('noop', { connection, prefix });
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({
        name: 'noop',
        data: { i: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  let done = 0;
  const started = performance.now();
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker('noop', async () => {}, {
      connection: connection.duplicate(),
      prefix,
      concurrency: 100,
    });
    worker.on('completed', () => {
      done += 1;
      if (done === jobs) void worker.close().then(resolve);
    });
  });
  await finished;
  const rate = jobs / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return rate;
}

async function runBroadcast(size: number, PROBE_RPS: number) {
  const databaseUrl = await freshDatabase(ADMIN_URL, 'turumba_bench');
  const env = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    PORT: String(PORT),
    AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  const processes: PlatformProcess[] = [];
  const redis = new Redis(REDIS_URL);
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    processes.push(await startProcess('api', ['--api'], env, `${BASE}/healthz`));
    for (let i = 0; i < WORKERS; i++)
      processes.push(await startProcess(`worker-${i + 1}`, ['--worker'], env));
    await db.connect();

    const { token, accountId } = await signUpBench(api);
    const channel = await api('POST', '/v1/channels', token, {
      name: 'Sandbox',
      channel_type: 'sandbox',
      config: { delay_ms: 0, failure_rate: 0, deliver: true },
    });
    const group = await api('POST', '/v1/contact-groups', token, { name: 'Everyone' });

    const seedStarted = performance.now();
    await db.query(
      `INSERT INTO contacts (account_id, phone, first_name)
       SELECT $1, '+2519' || lpad(i::text, 8, '0'), 'N' || i FROM generate_series(1, $2::int) i`,
      [accountId, size],
    );
    await db.query(
      `INSERT INTO contact_group_members (group_id, contact_id, account_id)
       SELECT $1, id, $2 FROM contacts WHERE account_id = $2`,
      [group.id, accountId],
    );
    await db.query('VACUUM ANALYZE contacts');
    await db.query('VACUUM ANALYZE contact_group_members');
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    // Probe: single messages at a fixed rate while the broadcast runs (0 until it is posted).
    let postedAt = 0;
    const latencies: number[] = [];
    // Split at 10 s: the start of a broadcast (fan-out filling its window, the governor learning
    // the broadcast's pace) against the rest of it.
    const early: number[] = [];
    const late: number[] = [];
    const probeIds: string[] = [];
    // Each answered request: when it was sent (ms after the broadcast's POST) and how long it took.
    const trace: [number, number][] = [];
    let shed = 0;
    // Of those, the ones the API refused itself (503 overloaded, API_MAX_IN_FLIGHT).
    let refused = 0;
    // Answers other than 202 (none expected): counted, so a refusal never passes for speed.
    let errors = 0;
    // What those answers were: the HTTP status, or the client's error when there was no answer.
    const errorKinds: Record<string, number> = {};
    let probing = true;
    const probe = (async () => {
      const interval = 1000 / PROBE_RPS;
      let next = performance.now();
      let n = 0;
      const inflight = new Set<Promise<void>>();
      while (probing && PROBE_RPS > 0) {
        next += interval;
        // Open loop at a fixed rate, but never more than 2,000 requests in flight (the rest are
        // counted as shed, so a saturated API shows in the figures instead of exhausting the client).
        if (inflight.size >= 2_000) {
          shed += 1;
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          continue;
        }
        n += 1;
        const started = performance.now();
        const warmup = postedAt === 0;
        const sentAt = Date.now() - postedAt;
        const p = api('POST', '/v1/messages', token, {
          channel_id: channel.id,
          delivery_address: `+2519${String(90_000_000 + (n % 9_000_000)).padStart(8, '0')}`,
          message_body: 'probe',
        })
          .then((m) => {
            if (warmup) return;
            const took = performance.now() - started;
            latencies.push(took);
            (sentAt < 10_000 ? early : late).push(took);
            trace.push([sentAt, Math.round(took)]);
            probeIds.push(m.id);
          })
          .catch((error: Error) => {
            // Counted in the warm-up too: a refusal or an error there is one all the same.
            // The API's own admission control (503 overloaded) sheds too.
            if (error.message.includes(' → 503 ')) {
              shed += 1;
              refused += 1;
            } else {
              errors += 1;
              const kind =
                error.message.match(/ → (\d{3}) /)?.[1] ??
                String((error.cause as { code?: string } | undefined)?.code ?? error.name);
              errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
            }
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
      }
      await Promise.all(inflight);
    })();

    // The probe has been serving for a while when the broadcast starts, as a platform's API is: its
    // processes and connections are warm. What it sends before the broadcast's POST is not counted.
    if (PROBE_RPS > 0 && PROBE_WARMUP_SECONDS > 0) await sleep(PROBE_WARMUP_SECONDS * 1000);
    const redisBefore = await redisUsedMemory(redis);
    let redisPeak = redisBefore;
    postedAt = Date.now();
    const broadcast = await queueBroadcast(api, token, channel.id, group.id);

    // Scheduler lateness measured while the broadcast runs (its own window of 60 s).
    const lateness: Promise<LatenessResult> | undefined =
      SCHEDULES > 0
        ? measureScheduleLateness({
            api: (method, path, body) => api(method, path, token, body),
            db,
            channelId: channel.id,
            schedules: SCHEDULES,
            seconds: 60,
            periodSeconds: 60,
          })
        : undefined;

    // Progress is read from the database: the API may be saturated by the probe, and an open-loop
    // probe that outruns the API must not keep the run from seeing the end.
    let state: any;
    for (;;) {
      await sleep(500);
      redisPeak = Math.max(redisPeak, await redisUsedMemory(redis));
      const { rows } = await db.query(
        `SELECT status, total_recipients, sent_count, delivered_count, failed_count, skipped_count, cancelled_count
         FROM group_messages WHERE id = $1`,
        [broadcast.id],
      );
      state = rows[0];
      const done = state.sent_count + state.failed_count + state.skipped_count + state.cancelled_count;
      if (done > state.total_recipients)
        throw new Error(`counters exceed the total: ${JSON.stringify(state)}`);
      if (['completed', 'partially_failed', 'failed', 'cancelled'].includes(state.status)) break;
      if (Date.now() - postedAt > TIMEOUT_MS) throw new Error(`timed out: ${JSON.stringify(state)}`);
    }
    probing = false;
    await probe;
    if (PROBE_TRACE && PROBE_RPS > 0)
      writeFileSync(`${PROBE_TRACE}-${size}-${PROBE_RPS}.json`, JSON.stringify(trace));
    const scheduler = lateness ? await lateness : undefined;

    const { rows: last } = await db.query(
      `SELECT extract(epoch FROM max(greatest(sent_at, delivered_at, updated_at))) * 1000 AS last_ms,
              count(*)::int AS rows, count(DISTINCT contact_id)::int AS recipients
       FROM messages WHERE group_message_id = $1`,
      [broadcast.id],
    );
    const elapsedSeconds = (Number(last[0].last_ms) - postedAt) / 1000;
    await sleep(1000);
    const { rows: singles } = await db.query(
      `SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM messages
       WHERE id = ANY($1::uuid[]) AND sent_at IS NOT NULL`,
      [probeIds],
    );
    const toProvider = singles.map((r) => Number(r.ms));
    return {
      size,
      probe_rps: PROBE_RPS,
      status: state.status,
      rows: last[0].rows,
      distinct_recipients: last[0].recipients,
      sent: state.sent_count,
      delivered: state.delivered_count,
      seed_seconds: Number(seedSeconds.toFixed(1)),
      elapsed_seconds: Number(elapsedSeconds.toFixed(2)),
      messages_per_second: Math.round(size / elapsedSeconds),
      post_messages_p50_ms: Number(percentile(latencies, 50).toFixed(1)),
      post_messages_p99_ms: Number(percentile(latencies, 99).toFixed(1)),
      post_messages_first_10s_p99_ms: Number(percentile(early, 99).toFixed(1)),
      post_messages_after_10s_p50_ms: Number(percentile(late, 50).toFixed(1)),
      post_messages_after_10s_p99_ms: Number(percentile(late, 99).toFixed(1)),
      post_messages_count: latencies.length,
      post_messages_shed: shed,
      post_messages_refused_by_api: refused,
      post_messages_errors: errors,
      post_messages_error_kinds: errorKinds,
      single_to_provider_p50_ms: Number(percentile(toProvider, 50).toFixed(1)),
      single_to_provider_p99_ms: Number(percentile(toProvider, 99).toFixed(1)),
      singles_sent: toProvider.length,
      peak_rss_mb: Object.fromEntries(processes.map((p) => [p.name, Math.round(p.peakMb())])),
      redis_growth_mb: Number((redisPeak - redisBefore).toFixed(1)),
      ...(scheduler ? { scheduler_during_broadcast: scheduler } : {}),
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
    await db.end().catch(() => {});
    redis.disconnect();
  }
}

const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model, node: process.version };
// The machine's speed moves within minutes here, so the no-op rate is measured right before and right
// after each broadcast, and the broadcast is compared with the mean of the two.
const NOOP_JOBS = Number(process.env.BENCH_NOOP_JOBS ?? 100_000);
const measureNoop = async () => {
  const rate = Math.round(await bullmqNoopRate(NOOP_JOBS));
  console.log(`BullMQ no-op rate on this Redis: ${rate} jobs/s`);
  return rate;
};
const noopRates: number[] = [await measureNoop()];
const runs = [];
for (const size of SIZES) {
  for (const probe of PROBES) {
    console.log(`broadcast to ${size.toLocaleString('en')} recipients, probe ${probe} req/s...`);
    const before = noopRates.at(-1)!;
    const result = await runBroadcast(size, probe);
    console.log(result);
    const after = await measureNoop();
    noopRates.push(after);
    const noop = (before + after) / 2;
    runs.push({
      ...result,
      bullmq_noop_before: before,
      bullmq_noop_after: after,
      fraction_of_bullmq_noop: Number((result.messages_per_second / noop).toFixed(2)),
    });
  }
}
const report = { machine, bullmq_noop_jobs_per_second: noopRates, workers: WORKERS, runs };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/broadcast.json', `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));

// The table of docs/BENCHMARKS.md: one row per run, the unloaded rate of the same size for comparison.
const ms = (v: number) => `${v.toLocaleString('en', { maximumFractionDigits: 1 })} ms`;
console.log(
  '\n| recipients | probe | msg/s | of BullMQ no-op | no-op before / after | of unloaded rate | POST /v1/messages p50 / p99 | shed | single to provider p50 / p99 | peak RSS | Redis growth |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of runs) {
  const unloaded = runs.find((u) => u.size === r.size && u.probe_rps === 0);
  const share =
    unloaded && r.probe_rps > 0 ? (r.messages_per_second / unloaded.messages_per_second).toFixed(2) : '–';
  const probed = r.probe_rps > 0;
  console.log(
    `| ${r.size.toLocaleString('en')} | ${probed ? `${r.probe_rps} req/s` : '–'} | ${r.messages_per_second.toLocaleString('en')} | ${r.fraction_of_bullmq_noop} | ${r.bullmq_noop_before.toLocaleString('en')} / ${r.bullmq_noop_after.toLocaleString('en')} | ${share} | ${probed ? `${ms(r.post_messages_p50_ms)} / ${ms(r.post_messages_p99_ms)}` : '–'} | ${probed ? `${r.post_messages_shed} (API ${r.post_messages_refused_by_api})` : '–'} | ${probed ? `${ms(r.single_to_provider_p50_ms)} / ${ms(r.single_to_provider_p99_ms)}` : '–'} | ${Object.entries(
      r.peak_rss_mb,
    )
      .map(([k, v]) => `${k} ${v} MB`)
      .join(', ')} | ${r.redis_growth_mb} MB |`,
  );
}
// Keep-alive sockets of the probe's fetch keep the event loop open: the report is written, end here.
process.exit(0);
