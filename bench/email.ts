/**
 * Email benchmark: a broadcast of N recipients on an email channel, sent over SMTP to a local
 * smtp-server sink (in this process, on loopback), end to end from the POST to the last `sent`
 * write, for each SMTP pool size. Beside it, the same number of mails sent straight from a
 * nodemailer pool of the same size to the same sink (no platform) gives the ceiling of this machine
 * and this sink, so the platform's share of the cost shows. "steady" is the sink's rate from its
 * first mail to its last (the fan-out's start excluded); "first mail after" is that start.
 *
 * BENCH_EMAIL_SIZE=5000 · BENCH_EMAIL_POOLS=5,10 (smtp_pool_size per run) · BENCH_WORKERS=1
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import pg from 'pg';
import {
  freePort,
  freshDatabase,
  jsonApi,
  type PlatformProcess,
  signUpBench,
  startProcess,
  stopProcess,
} from './lib/platform.js';
import { type SmtpSink, startSmtpSink } from './lib/smtp-sink.js';
import { printFigures } from './report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A free port unless given: other benches (and other checkouts' benches) may run on this machine.
const PORT = Number(process.env.BENCH_PORT ?? (await freePort()));
const BASE = `http://127.0.0.1:${PORT}`;
const SIZE = Number(process.env.BENCH_EMAIL_SIZE ?? 5_000);
const POOLS = (process.env.BENCH_EMAIL_POOLS ?? '5,10').split(',').map(Number);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);

const api = jsonApi(BASE);

/** The ceiling: SIZE mails straight from a nodemailer pool to the sink, `pool` connections. */
async function directRate(sinkPort: number, pool: number): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port: sinkPort,
    secure: false,
    ignoreTLS: true,
    auth: { user: 'bench', pass: 'bench' },
    maxConnections: pool,
    maxMessages: 500,
  });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < SIZE) {
        const i = next++;
        await transport.sendMail({
          from: 'Bench <bench@acme.test>',
          to: `person${i}@example.org`,
          subject: 'News',
          text: `Hello N${i}, this is a benchmark message.`,
          html: `<p>Hello N${i}, this is a <b>benchmark</b> message.</p>`,
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return SIZE / seconds;
}

async function platformRun(sink: SmtpSink, pool: number) {
  const databaseUrl = await freshDatabase(ADMIN_URL, 'turumba_bench_email');
  const env = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `bench-email-${randomBytes(3).toString('hex')}`,
    PORT: String(PORT),
    AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    PROVIDER_PRIVATE_HOSTS: 'true',
    LOG_LEVEL: 'warn',
  };
  const processes: PlatformProcess[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    processes.push(await startProcess('api', ['--api'], env, `${BASE}/healthz`));
    for (let i = 0; i < WORKERS; i++)
      processes.push(await startProcess(`worker-${i + 1}`, ['--worker'], env));
    await db.connect();
    const { token, accountId } = await signUpBench(api);
    const channel = await api('POST', '/v1/channels', token, {
      name: 'Newsletter',
      channel_type: 'email',
      sender_name: 'Acme News',
      credentials: { smtp_host: '127.0.0.1', smtp_port: sink.port, smtp_user: 'bench', smtp_pass: 'bench' },
      config: { from_address: 'news@acme.test', smtp_security: 'none', smtp_pool_size: pool },
    });
    const group = await api('POST', '/v1/contact-groups', token, { name: 'Everyone' });
    await db.query(
      `INSERT INTO contacts (account_id, email, first_name)
       SELECT $1, 'person' || i || '@example.org', 'N' || i FROM generate_series(1, $2::int) i`,
      [accountId, SIZE],
    );
    await db.query(
      `INSERT INTO contact_group_members (group_id, contact_id, account_id)
       SELECT $1, id, $2 FROM contacts WHERE account_id = $2`,
      [group.id, accountId],
    );
    await db.query('VACUUM ANALYZE contacts');
    sink.reset();
    const load = loadavg()[0]!;
    const postedAt = Date.now();
    const postedMark = performance.now();
    const broadcast = await api('POST', '/v1/group-messages', token, {
      name: 'Bench',
      channel_id: channel.id,
      // An HTML template: values escaped, a text alternative derived, List-Unsubscribe per mail.
      message_body: '<p>Hello {FIRST_NAME},</p><p>This is a <b>benchmark</b> message.</p>',
      contact_group_ids: [group.id],
      status: 'queued',
    });
    let state: any;
    for (;;) {
      await sleep(250);
      const { rows } = await db.query(
        'SELECT status, sent_count, failed_count, skipped_count FROM group_messages WHERE id = $1',
        [broadcast.id],
      );
      state = rows[0];
      if (['completed', 'partially_failed', 'failed', 'cancelled'].includes(state.status)) break;
      if (Date.now() - postedAt > TIMEOUT_MS) throw new Error(`timed out: ${JSON.stringify(state)}`);
    }
    const { rows: last } = await db.query(
      'SELECT extract(epoch FROM max(sent_at)) * 1000 AS last_ms FROM messages WHERE group_message_id = $1',
      [broadcast.id],
    );
    const seconds = (Number(last[0].last_ms) - postedAt) / 1000;
    const sinkSeconds = (sink.stats.lastAt - sink.stats.firstAt) / 1000;
    const firstMailSeconds = (sink.stats.firstAt - postedMark) / 1000;
    return {
      status: state.status as string,
      sent: state.sent_count as number,
      failed: state.failed_count as number,
      received: sink.stats.mails,
      smtpConnections: sink.stats.connections,
      seconds,
      rate: SIZE / seconds,
      sinkRate: sink.stats.mails / Math.max(sinkSeconds, 0.001),
      firstMailSeconds,
      loadBefore: load,
      peakRss: Object.fromEntries(processes.map((p) => [p.name, Math.round(p.peakMb())])),
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
    await db.end().catch(() => {});
  }
}

const sink = await startSmtpSink();
const figures: Record<string, number | string> = {
  recipients: SIZE,
  worker_processes: WORKERS,
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  load_average_1m_at_start: Number(loadavg()[0]!.toFixed(2)),
};
try {
  for (const pool of POOLS) {
    console.log(`email broadcast to ${SIZE.toLocaleString('en')} recipients, smtp_pool_size ${pool}...`);
    const run = await platformRun(sink, pool);
    console.log(run);
    if (run.received !== SIZE || run.sent !== SIZE) {
      throw new Error(
        `expected ${SIZE} mails sent and received, got ${run.sent} sent, ${run.received} received`,
      );
    }
    sink.reset();
    const direct = await directRate(sink.port, pool);
    figures[`pool_${pool}_emails_per_second`] = Math.round(run.rate);
    figures[`pool_${pool}_elapsed_seconds`] = Number(run.seconds.toFixed(2));
    figures[`pool_${pool}_first_mail_after_seconds`] = Number(run.firstMailSeconds.toFixed(2));
    figures[`pool_${pool}_steady_emails_per_second`] = Math.round(run.sinkRate);
    figures[`pool_${pool}_smtp_connections`] = run.smtpConnections;
    figures[`pool_${pool}_direct_nodemailer_per_second`] = Math.round(direct);
    figures[`pool_${pool}_fraction_of_direct`] = Number((run.rate / direct).toFixed(2));
    figures[`pool_${pool}_load_average_1m_before`] = Number(run.loadBefore.toFixed(2));
    figures[`pool_${pool}_peak_rss_mb`] = Object.entries(run.peakRss)
      .map(([name, mb]) => `${name} ${mb}`)
      .join(', ');
  }
  figures.load_average_1m_at_end = Number(loadavg()[0]!.toFixed(2));
  printFigures('email', figures);
} finally {
  await sink.close();
}
