import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds, freshDatabase, jsonApi, percentile, signUpBench, startProcess, stopProcess } from './lib/platform.js';
const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 18192;
const RPS = Number(process.env.RPS ?? 200);
const db = await freshDatabase(ADMIN, 'turumba_bench_probeonly');
const env = { DATABASE_URL: db, PORT: String(PORT), QUEUE_PREFIX: `po${Date.now()}`, LOG_LEVEL: 'warn', AUTH_REQUIRE_EMAIL_VERIFICATION: 'false', JWT_SECRET: 'x'.repeat(40), CREDENTIALS_KEY: 'a'.repeat(64) };
const apiP = await startProcess('api', ['--api'], env, `http://127.0.0.1:${PORT}/healthz`);
const wP = await startProcess('worker', ['--worker'], env);
const api = jsonApi(`http://127.0.0.1:${PORT}`);
const { token } = await signUpBench(api);
const ch = await api('POST', '/v1/channels', token, { name: 'S', channel_type: 'sandbox', config: { delay_ms: 0 } });
const lat: number[] = []; let errors = 0;
const c0 = [cpuSeconds(apiP.child.pid), cpuSeconds(wP.child.pid)];
const t0 = performance.now(); let next = t0; let n = 0; const inflight = new Set<Promise<void>>();
while (performance.now() - t0 < 30_000) {
  next += 1000 / RPS; n++;
  const s = performance.now();
  const p = api('POST', '/v1/messages', token, { channel_id: ch.id, delivery_address: `+2519${String(90000000 + n)}`, message_body: 'probe' })
    .then(() => { lat.push(performance.now() - s); }).catch(() => { errors++; }).finally(() => inflight.delete(p));
  inflight.add(p);
  const w = next - performance.now(); if (w > 0) await sleep(w);
}
await Promise.all(inflight);
const secs = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ rps: RPS, sent: n, errors, p50: percentile(lat, 50).toFixed(1), p99: percentile(lat, 99).toFixed(1), api_cpu: ((cpuSeconds(apiP.child.pid) - c0[0]!) / secs).toFixed(2), worker_cpu: ((cpuSeconds(wP.child.pid) - c0[1]!) / secs).toFixed(2) }));
await stopProcess(apiP); await stopProcess(wP);
