/**
 * `npm run bench [-- NAME...]`: runs every bench program in bench/ (or those named), one after the
 * other in its own process so one's memory cannot skew another's, echoes their output, and writes
 * the figures they report to bench/results/latest.json (and a timestamped copy).
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES_PREFIX, type Figures } from './report.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
// Not benchmarks: this runner, the figures helper, and the demo (it needs a running instance).
const NOT_BENCHES = new Set(['run.ts', 'report.ts', 'demo.ts']);

type Result = { bench: string; file: string; exitCode: number; seconds: number; figures: Figures[] };

async function listBenches(wanted: string[]): Promise<string[]> {
  const files = (await readdir(BENCH_DIR))
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !NOT_BENCHES.has(f))
    .sort();
  if (wanted.length === 0) return files;
  const picked = files.filter((f) => wanted.includes(f.replace(/\.ts$/, '')));
  const unknown = wanted.filter((w) => !files.includes(`${w}.ts`));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${files.join(', ')}`);
  return picked;
}

function runBench(file: string): Promise<Result> {
  const started = performance.now();
  const figures: Figures[] = [];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout.on('data', (data: Buffer) => {
      pending += data.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(FIGURES_PREFIX)) figures.push(JSON.parse(line.slice(FIGURES_PREFIX.length)));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('close', (code) =>
      resolve({
        bench: file.replace(/\.ts$/, ''),
        file,
        exitCode: code ?? 1,
        seconds: (performance.now() - started) / 1000,
        figures,
      }),
    );
  });
}

const benches = await listBenches(process.argv.slice(2));
const results: Result[] = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  results.push(await runBench(file));
}

const report = {
  at: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memory_bytes: os.totalmem(),
    node: process.version,
  },
  results,
};
const resultsDir = path.join(BENCH_DIR, 'results');
await mkdir(resultsDir, { recursive: true });
const body = `${JSON.stringify(report, null, 2)}\n`;
await writeFile(path.join(resultsDir, 'latest.json'), body);
await writeFile(path.join(resultsDir, `${report.at.replaceAll(':', '-')}.json`), body);

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.exitCode === 0 ? 'ok  ' : 'FAIL'} ${r.bench.padEnd(20)} ${r.seconds.toFixed(1)} s`);
}
console.log(`report: ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))}`);
process.exitCode = results.some((r) => r.exitCode !== 0) ? 1 : 0;
