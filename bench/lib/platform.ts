import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildServer } from '../../src/build/server.js';

/** Percentile of a sorted copy of `values` (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Peak and current resident set of a process from /proc (VmHWM is the kernel's own high-water mark). */
export function processMemory(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Drops and recreates a database for one benchmark run. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export type PlatformProcess = { name: string; child: ChildProcess; peakMb: () => number };

/**
 * Starts `npm run start:api|start:worker` style processes (the compiled `dist/main.js`, as in
 * production, built first when the sources changed) with an environment, and waits for the API.
 */
export async function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  waitForUrl?: string,
): Promise<PlatformProcess> {
  await buildServer({ ifStale: true });
  // BENCH_NODE_ARGS: extra Node flags for the platform's processes (`--cpu-prof`: a CPU profile each).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // As `npm run start:worker` and compose run a worker: its heap capped (see docs/OPERATIONS.md).
  if (args.includes('--worker') && !args.includes('--api')) nodeArgs.unshift('--max-old-space-size=256');
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', 'dist/main.js', ...args], {
    // The benches measure the platform, not the per-caller API limit (200 requests/s from one user):
    // every bench process gets a limit far above that unless the bench sets its own.
    env: { ...process.env, API_RATE_LIMIT_PER_SECOND: '100000', API_RATE_LIMIT_BURST: '1000000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let peak = 0;
  const sampler = setInterval(() => {
    const memory = child.pid ? processMemory(child.pid) : undefined;
    if (memory) peak = Math.max(peak, memory.peakMb);
  }, 250);
  child.on('exit', () => clearInterval(sampler));
  if (waitForUrl) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const res = await fetch(waitForUrl);
        if (res.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${name} did not answer ${waitForUrl}`);
      await sleep(200);
    }
  }
  return { name, child, peakMb: () => peak };
}

export async function stopProcess(p: PlatformProcess): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((resolve) => p.child.once('exit', resolve));
  p.child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000).then(() => p.child.kill('SIGKILL'))]);
}

/** A free TCP port on loopback: other benches (and other checkouts' benches) may run on this machine. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A JSON client of the platform's API at `base`: throws on any 4xx or 5xx with the answer's text. */
export function jsonApi(base: string) {
  return async (method: string, path: string, token?: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The environment of a bench's platform processes: a fresh secret set, loopback, quiet logs. */
export function benchEnv(
  databaseUrl: string,
  port: number,
  queuePrefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `${queuePrefix}-${randomBytes(3).toString('hex')}`,
    PORT: String(port),
    AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    // The benches sign in once and send with that token: a run longer than the default 15 minutes
    // would otherwise see every request after them answered 401 (a collapsed 1M run with the probe
    // took 19 minutes and counted 54,133 such "errors").
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    ...extra,
  };
}

/** `start:api` (waited for) and `workers` × `start:worker` (every role), as a deployment runs them. */
export async function startPlatform(
  env: Record<string, string>,
  base: string,
  workers: number,
): Promise<PlatformProcess[]> {
  const processes = [await startProcess('api', ['--api'], env, `${base}/healthz`)];
  for (let i = 0; i < workers; i++) processes.push(await startProcess(`worker-${i + 1}`, ['--worker'], env));
  return processes;
}

/** Registers a bench user with a new account and signs in. */
export async function signUpBench(
  api: ReturnType<typeof jsonApi>,
): Promise<{ token: string; accountId: string }> {
  const email = `bench-${randomBytes(3).toString('hex')}@example.com`;
  const registered = await api('POST', '/v1/auth/register', undefined, {
    email,
    password: 'benchmark password',
    account_name: 'Bench',
  });
  const { access_token: token } = await api('POST', '/v1/auth/login', undefined, {
    email,
    password: 'benchmark password',
  });
  return { token, accountId: registered.account.id as string };
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc (clock ticks of 10 ms). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Posts the benches' queued broadcast (one GSM-7 segment, personalised) of a group on a channel. */
export function queueBroadcast(
  api: ReturnType<typeof jsonApi>,
  token: string,
  channelId: string,
  groupId: string,
): Promise<{ id: string }> {
  return api('POST', '/v1/group-messages', token, {
    name: 'Bench',
    channel_id: channelId,
    message_body: 'Hello {FIRST_NAME}, this is a benchmark message.',
    contact_group_ids: [groupId],
    status: 'queued',
  });
}

/**
 * CPU time the machine's PostgreSQL processes (server and backends alive now) have used so far, in
 * seconds. A backend that exits between two readings takes its time with it: read around a phase in
 * which the platform's pools keep their connections.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}
