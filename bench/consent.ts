/**
 * Consent benchmark: the broadcast rate with the consent checks doing real work versus idle, in the
 * same run, on the same platform and contacts. "Off": an empty opt-out registry, no frequency cap, no
 * quiet hours (the send path still asks the registry once per batch). "On": 10,000 opt-outs of other
 * addresses in the registry, a frequency cap that nobody reaches (so each batch also counts its
 * contacts' earlier broadcast messages on the index), and quiet hours that are not in force now (so
 * each recipient's zone and window are worked out). Runs alternate off/on to spread machine noise.
 *
 * BENCH_CONSENT_SIZE=20000 (recipients per broadcast) · BENCH_CONSENT_ROUNDS=2 (off/on pairs)
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { benchApi, benchAudience } from './lib/bench-account.js';
import { freshDatabase, type PlatformProcess, startProcess, stopProcess } from './lib/platform.js';
import { printFigures } from './report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 18091);
const BASE = `http://127.0.0.1:${PORT}`;
const SIZE = Number(process.env.BENCH_CONSENT_SIZE ?? 20_000);
const ROUNDS = Number(process.env.BENCH_CONSENT_ROUNDS ?? 2);
const TIMEOUT_MS = 10 * 60_000;

const api = benchApi(BASE);

/** A quiet window that is not in force now in UTC (it starts in 6 hours and lasts 2). */
function quietHoursNotNow() {
  const hour = (h: number) =>
    `${String((((new Date().getUTCHours() + h) % 24) + 24) % 24).padStart(2, '0')}:00`;
  return { start: hour(6), end: hour(8) };
}

async function main() {
  const databaseUrl = await freshDatabase(ADMIN_URL, 'turumba_bench_consent');
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
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    processes.push(await startProcess('api', ['--api'], env, `${BASE}/healthz`));
    processes.push(await startProcess('worker', ['--worker'], env));
    await db.connect();
    const { token, accountId, channelId, groupId } = await benchAudience(api, db, SIZE);

    async function setConsent(on: boolean) {
      await db.query('DELETE FROM opt_outs WHERE account_id = $1', [accountId]);
      if (on) {
        await db.query(
          `INSERT INTO opt_outs (account_id, channel_type, address, source)
           SELECT $1, 'sandbox', '+2518' || lpad(i::text, 8, '0'), 'import' FROM generate_series(1, 10000) i`,
          [accountId],
        );
      }
      await api('PATCH', `/v1/accounts/${accountId}`, token, {
        consent: { frequency_cap: on ? { per_day: 1000, per_week: 5000 } : null },
        quiet_hours: on ? quietHoursNotNow() : null,
      });
      // The send path caches account settings for 2 s.
      await sleep(2_500);
    }

    async function broadcast(label: string): Promise<number> {
      const started = performance.now();
      const created = await api('POST', '/v1/group-messages', token, {
        name: label,
        channel_id: channelId,
        message_body: 'Hello {FIRST_NAME}, this is a benchmark message.',
        contact_group_ids: [groupId],
        status: 'queued',
      });
      const deadline = Date.now() + TIMEOUT_MS;
      for (;;) {
        const g = await api('GET', `/v1/group-messages/${created.id}`, token);
        if (g.status === 'completed' || g.status === 'partially_failed') {
          if (g.sent_count !== SIZE) throw new Error(`${label}: ${g.sent_count} of ${SIZE} sent`);
          return SIZE / ((performance.now() - started) / 1000);
        }
        if (Date.now() > deadline) throw new Error(`${label} did not finish`);
        await sleep(100);
      }
    }

    const off: number[] = [];
    const on: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      await setConsent(false);
      off.push(await broadcast(`off-${round}`));
      await setConsent(true);
      on.push(await broadcast(`on-${round}`));
      console.log(`round ${round}: off ${off.at(-1)!.toFixed(0)}/s, on ${on.at(-1)!.toFixed(0)}/s`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    printFigures('consent', {
      recipients_per_broadcast: SIZE,
      rounds: ROUNDS,
      rate_off_per_s: Math.round(mean(off)),
      rate_on_per_s: Math.round(mean(on)),
      on_vs_off_percent: Math.round((mean(on) / mean(off)) * 1000) / 10,
    });
  } finally {
    await db.end().catch(() => {});
    for (const p of processes.reverse()) await stopProcess(p);
  }
}

await main();
