import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js', ...args], {
    env: { ...process.env, ...env },
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
