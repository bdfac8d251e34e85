/**
 * Compiles the platform to plain JavaScript in `dist/` (one ES module per entry point, dependencies
 * left as imports of node_modules), so production runs `node dist/main.js` with no TypeScript
 * loader in memory. `npm run build` always builds; `npm start` runs this with `--if-stale`, which
 * builds only when a source file or the dependency lock changed since the last build.
 *
 * The output is written to a fresh directory and renamed into place, so two processes starting at
 * once (API and worker) never run a half-written bundle.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.sources-digest');
const SOURCE_DIRS = ['src', 'providers', 'workers'];
const ENTRY_POINTS = {
  main: 'src/main.ts',
  migrate: 'src/db/migrate-cli.ts',
  'rotate-credentials': 'src/security/rotate-credentials-cli.ts',
};

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** A digest over every server source file and the dependency lock: any change means a rebuild. */
async function sourcesDigest(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(SOURCE_DIRS.map(listSources))).flat().sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(ROOT, file)));
  }
  hash.update(await readFile(path.join(ROOT, 'package-lock.json')));
  return hash.digest('hex');
}

let building: Promise<'built' | 'current'> | undefined;

/** Builds `dist/`; calls made while a build of this process runs share it. */
export function buildServer(options: { ifStale?: boolean } = {}): Promise<'built' | 'current'> {
  building ??= runBuild(options).finally(() => {
    building = undefined;
  });
  return building;
}

async function runBuild(options: { ifStale?: boolean }): Promise<'built' | 'current'> {
  const digest = await sourcesDigest();
  if (options.ifStale && (await readFile(STAMP, 'utf8').catch(() => '')) === digest) return 'current';
  const staging = `${DIST}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: staging,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  await writeFile(path.join(staging, '.sources-digest'), digest);
  const old = `${DIST}.${process.pid}.old`;
  await rename(DIST, old).catch(() => {});
  await rename(staging, DIST);
  await rm(old, { recursive: true, force: true });
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await buildServer({ ifStale: process.argv.includes('--if-stale') });
  if (result === 'built') console.log('server built into dist/');
}
