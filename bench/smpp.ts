/**
 * SMPP benchmark: a broadcast of N recipients (default 100,000) end to end, from the POST to the last
 * status write, through the SMPP adapter to a local SMSC (bench/lib/smsc.ts) with windows 10 and 100,
 * without receipts and with every receipt sent 2 s after its submit_sm_resp; and the same broadcast
 * to the sandbox channel, in the same run, for the ratio. Each scenario gets a fresh database and
 * fresh platform processes (`npm run start:api` and one `start:worker`), so none inherits another's
 * rows.
 *
 * BENCH_SMPP_SIZE=100000 · BENCH_SMPP_SCENARIOS=sandbox,w10,w100,w10-receipts,w100-receipts
 * BENCH_SMPP_RECEIPT_DELAY_MS=2000 · BENCH_WORKERS=1
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  cpuSeconds,
  freshDatabase,
  jsonApi,
  type PlatformProcess,
  postgresCpuSeconds,
  queueBroadcast,
  signUpBench,
  startProcess,
  stopProcess,
} from './lib/platform.js';
import { BenchSmsc } from './lib/smsc.js';
import { printFigures } from './report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 18091);
const BASE = `http://127.0.0.1:${PORT}`;
const SIZE = Number(process.env.BENCH_SMPP_SIZE ?? 100_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const RECEIPT_DELAY_MS = Number(process.env.BENCH_SMPP_RECEIPT_DELAY_MS ?? 2_000);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 20 * 60_000);
const SCENARIOS = (process.env.BENCH_SMPP_SCENARIOS ?? 'sandbox,w10,w100,w10-receipts,w100-receipts').split(
  ',',
);

type Scenario = { name: string; smpp: { window: number; receipts: boolean } | null };
const ALL: Scenario[] = [
  { name: 'sandbox', smpp: null },
  { name: 'w10', smpp: { window: 10, receipts: false } },
  { name: 'w100', smpp: { window: 100, receipts: false } },
  { name: 'w10-receipts', smpp: { window: 10, receipts: true } },
  { name: 'w100-receipts', smpp: { window: 100, receipts: true } },
];

const api = jsonApi(BASE);

async function run(scenario: Scenario) {
  const databaseUrl = await freshDatabase(ADMIN_URL, 'turumba_bench_smpp');
  const env = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `bench-smpp-${randomBytes(3).toString('hex')}`,
    PORT: String(PORT),
    AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    PROVIDER_PRIVATE_HOSTS: 'true',
    LOG_LEVEL: 'warn',
  };
  const smsc = scenario.smpp ? new BenchSmsc(scenario.smpp.receipts ? RECEIPT_DELAY_MS : null) : null;
  await smsc?.listen();
  const processes: PlatformProcess[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    processes.push(await startProcess('api', ['--api'], env, `${BASE}/healthz`));
    for (let i = 0; i < WORKERS; i++)
      processes.push(await startProcess(`worker-${i + 1}`, ['--worker'], env));
    await db.connect();
    const { token, accountId } = await signUpBench(api);
    const channel = scenario.smpp
      ? await api('POST', '/v1/channels', token, {
          name: 'SMSC',
          channel_type: 'smpp',
          credentials: { host: '127.0.0.1', port: smsc!.port, system_id: 'bench', password: 'bench' },
          config: {
            source_addr: 'Bench',
            window_size: scenario.smpp.window,
            receipts: scenario.smpp.receipts,
          },
        })
      : await api('POST', '/v1/channels', token, {
          name: 'Sandbox',
          channel_type: 'sandbox',
          config: { delay_ms: 0, failure_rate: 0, deliver: true },
        });
    const group = await api('POST', '/v1/contact-groups', token, { name: 'Everyone' });
    await db.query(
      `INSERT INTO contacts (account_id, phone, first_name)
       SELECT $1, '+2519' || lpad(i::text, 8, '0'), 'N' || i FROM generate_series(1, $2::int) i`,
      [accountId, SIZE],
    );
    await db.query(
      `INSERT INTO contact_group_members (group_id, contact_id, account_id)
       SELECT $1, id, $2 FROM contacts WHERE account_id = $2`,
      [group.id, accountId],
    );
    await db.query('VACUUM ANALYZE contacts');
    await db.query('VACUUM ANALYZE contact_group_members');
    if (scenario.smpp) {
      // The send role binds every enabled SMPP channel within a few seconds.
      for (let i = 0; i < 200; i++) {
        const { status } = await api('GET', `/v1/channels/${channel.id}`, token);
        if (status === 'connected') break;
        await sleep(100);
      }
    }

    const load = loadavg()[0]!;
    // CPU per message over the send phase, per process: what the SMPP path costs beside the sandbox's.
    const cpu = (): Record<string, number> => ({
      ...Object.fromEntries(processes.map((p) => [p.name, cpuSeconds(p.child.pid)])),
      postgres: postgresCpuSeconds(),
      bench_and_smsc: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    });
    const cpuBefore = cpu();
    let cpuSent: Record<string, number> | undefined;
    const postedAt = Date.now();
    const broadcast = await queueBroadcast(api, token, channel.id, group.id);
    let state: any;
    let sentAt: number | undefined;
    for (;;) {
      await sleep(250);
      const { rows } = await db.query(
        `SELECT status, total_recipients, sent_count, delivered_count, failed_count FROM group_messages WHERE id = $1`,
        [broadcast.id],
      );
      state = rows[0];
      const finished = ['completed', 'partially_failed', 'failed', 'cancelled'].includes(state.status);
      if (finished && sentAt === undefined) {
        sentAt = Date.now();
        cpuSent = cpu();
      }
      const receiptsDone = !scenario.smpp?.receipts || state.delivered_count >= state.sent_count;
      if (finished && receiptsDone) break;
      if (Date.now() - postedAt > TIMEOUT_MS) throw new Error(`timed out: ${JSON.stringify(state)}`);
    }
    const { rows } = await db.query(
      `SELECT extract(epoch FROM max(sent_at)) * 1000 AS last_sent,
              extract(epoch FROM max(delivered_at)) * 1000 AS last_delivered,
              count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS sent
       FROM messages WHERE group_message_id = $1`,
      [broadcast.id],
    );
    const sentSeconds = (Number(rows[0].last_sent) - postedAt) / 1000;
    // No receipt requested: nothing was delivered, and there is no time to report.
    const deliveredSeconds =
      rows[0].last_delivered === null ? Number.NaN : (Number(rows[0].last_delivered) - postedAt) / 1000;
    return {
      scenario: scenario.name,
      status: state.status,
      sent: state.sent_count,
      delivered: state.delivered_count,
      failed: state.failed_count,
      smsc_submits: smsc?.submits ?? null,
      smsc_receipts_acked: smsc?.receiptsAcked ?? null,
      seconds_to_last_sent: Number(sentSeconds.toFixed(2)),
      messages_per_second: Math.round(SIZE / sentSeconds),
      seconds_to_last_delivered: Number.isFinite(deliveredSeconds)
        ? Number(deliveredSeconds.toFixed(2))
        : null,
      load_average_at_start: Number(load.toFixed(1)),
      cpu_us_per_message: Object.fromEntries(
        Object.entries(cpuSent!).map(([k, v]) => [k, Math.round(((v - cpuBefore[k]!) * 1e6) / SIZE)]),
      ),
      peak_rss_mb: Object.fromEntries(processes.map((p) => [p.name, Math.round(p.peakMb())])),
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
    await db.end().catch(() => {});
    await smsc?.close();
  }
}

const results = [];
for (const scenario of ALL.filter((s) => SCENARIOS.includes(s.name))) {
  console.log(`${scenario.name}: broadcast to ${SIZE.toLocaleString('en')} recipients...`);
  const result = await run(scenario);
  console.log(result);
  results.push(result);
}
const sandbox = results.find((r) => r.scenario === 'sandbox')?.messages_per_second;
const figures: Record<string, number | string> = {
  recipients: SIZE,
  cpus: cpus().length,
  receipt_delay_ms: RECEIPT_DELAY_MS,
};
for (const r of results) {
  figures[`${r.scenario}_msg_per_s`] = r.messages_per_second;
  if (sandbox && r.scenario !== 'sandbox') {
    figures[`${r.scenario}_of_sandbox`] = Number((r.messages_per_second / sandbox).toFixed(2));
  }
  if (r.scenario.endsWith('receipts') && r.seconds_to_last_delivered !== null) {
    figures[`${r.scenario}_all_delivered_s`] = r.seconds_to_last_delivered;
  }
  figures[`${r.scenario}_load_average`] = r.load_average_at_start;
  for (const [process, us] of Object.entries(r.cpu_us_per_message)) {
    figures[`${r.scenario}_cpu_us_per_message_${process.replace(/-1$/, '')}`] = us;
  }
}
printFigures('smpp', figures);
