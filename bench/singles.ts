/**
 * Single messages alone: `start:api` and one `start:worker` against a fresh database, a sandbox
 * channel (delay 0), and `POST /v1/messages` at fixed rates, open loop, with no broadcast running.
 * Finds the rate this machine's platform keeps up with, which the broadcast bench's probe presumes.
 *
 * BENCH_SINGLES_RATES=100,150,200 (requests/s) · BENCH_SINGLES_SECONDS=30 per rate ·
 * BENCH_SINGLES_TIMELINE=1 prints p50 / p99 / max of every 2 s
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  benchEnv,
  cpuSeconds,
  freshDatabase,
  jsonApi,
  percentile,
  signUpBench,
  startProcess,
  stopProcess,
} from './lib/platform.js';
import { printFigures } from './report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 18192);
const RATES = (process.env.BENCH_SINGLES_RATES ?? '100,150,200').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SINGLES_SECONDS ?? 30);
// Requests at the same rate before the measured ones (not counted), then a pause: the processes
// and the client are warm when the measurement starts, as a serving API is.
const WARMUP_SECONDS = Number(process.env.BENCH_SINGLES_WARMUP_SECONDS ?? 0);
const WARMUP_PAUSE_MS = Number(process.env.BENCH_SINGLES_WARMUP_PAUSE_MS ?? 2_000);

/** `POST /v1/messages` at `rps`, open loop, for `seconds`: each answer's latency and when it was sent. */
async function drive(
  api: ReturnType<typeof jsonApi>,
  token: string,
  channelId: string,
  rps: number,
  seconds: number,
  offset: number,
) {
  const latencies: number[] = [];
  const timeline: [number, number][] = [];
  let errors = 0;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  let next = started;
  for (let n = 1; performance.now() - started < seconds * 1000; n++) {
    next += 1000 / rps;
    const sentAt = performance.now();
    const p = api('POST', '/v1/messages', token, {
      channel_id: channelId,
      delivery_address: `+2519${String(90_000_000 + offset + n)}`,
      message_body: 'probe',
    })
      .then(() => {
        latencies.push(performance.now() - sentAt);
        timeline.push([sentAt - started, performance.now() - sentAt]);
      })
      .catch(() => {
        errors += 1;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(inflight);
  return { latencies, timeline, errors };
}

async function measure(rps: number) {
  const databaseUrl = await freshDatabase(ADMIN_URL, 'turumba_bench_singles');
  const env = benchEnv(databaseUrl, PORT, 'singles');
  const apiProcess = await startProcess('api', ['--api'], env, `http://127.0.0.1:${PORT}/healthz`);
  const worker = await startProcess('worker', ['--worker'], env);
  try {
    const api = jsonApi(`http://127.0.0.1:${PORT}`);
    const { token } = await signUpBench(api);
    const channel = await api('POST', '/v1/channels', token, {
      name: 'Sandbox',
      channel_type: 'sandbox',
      config: { delay_ms: 0 },
    });
    if (WARMUP_SECONDS > 0) {
      await drive(api, token, channel.id, rps, WARMUP_SECONDS, 5_000_000);
      await sleep(WARMUP_PAUSE_MS);
    }
    const cpuBefore = [cpuSeconds(apiProcess.child.pid), cpuSeconds(worker.child.pid)];
    const started = performance.now();
    const { latencies, timeline, errors } = await drive(api, token, channel.id, rps, SECONDS, 0);
    const seconds = (performance.now() - started) / 1000;
    const steady = timeline.filter(([at]) => at >= 10_000).map(([, latency]) => latency);
    if (process.env.BENCH_SINGLES_TIMELINE) {
      for (let s = 0; s < SECONDS; s += 2) {
        const inWindow = timeline.filter(([at]) => at >= s * 1000 && at < (s + 2) * 1000).map(([, l]) => l);
        console.log(
          `t=${s}s n=${inWindow.length} p50=${percentile(inWindow, 50).toFixed(0)} p99=${percentile(inWindow, 99).toFixed(0)} max=${Math.max(...inWindow).toFixed(0)}`,
        );
      }
    }
    return {
      rps,
      accepted: latencies.length,
      errors,
      p50_ms: Number(percentile(latencies, 50).toFixed(1)),
      p99_ms: Number(percentile(latencies, 99).toFixed(1)),
      // The processes start cold with the run (connections, plans, JIT): the steady state after 10 s.
      after_10s_p50_ms: Number(percentile(steady, 50).toFixed(1)),
      after_10s_p99_ms: Number(percentile(steady, 99).toFixed(1)),
      api_cpu_cores: Number(((cpuSeconds(apiProcess.child.pid) - cpuBefore[0]!) / seconds).toFixed(2)),
      worker_cpu_cores: Number(((cpuSeconds(worker.child.pid) - cpuBefore[1]!) / seconds).toFixed(2)),
      // Each rate starts its own processes: the high-water mark of this run (a backlog shows here).
      api_peak_rss_mb: Math.round(apiProcess.peakMb()),
      worker_peak_rss_mb: Math.round(worker.peakMb()),
    };
  } finally {
    await stopProcess(apiProcess);
    await stopProcess(worker);
  }
}

for (const rps of RATES) {
  const result = await measure(rps);
  console.log(result);
  printFigures(`singles-${rps}`, result);
}
process.exit(0);
