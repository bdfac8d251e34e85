import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const ROOT = path.resolve(WEB, '..');
const DIST = path.join(WEB, 'dist');
/** Written after a successful build: the digest of the sources the bundle was built from. */
const STAMP = path.join(DIST, '.sources-digest');
/** Held (an atomic mkdir) while one process builds; others wait for it, then find the bundle current. */
const LOCK = path.join(WEB, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;
const SOURCES = ['index.html', 'vite.config.ts', 'public', 'src'];
// Tests and screenshots do not change the bundle.
const IGNORED = /\.test\.tsx?$/;

async function listFiles(entry: string): Promise<string[]> {
  const full = path.join(WEB, entry);
  const dirents = await readdir(full, { withFileTypes: true }).catch(() => undefined);
  if (!dirents) return [entry];
  const nested = await Promise.all(
    dirents.map((d) => (d.isDirectory() ? listFiles(path.join(entry, d.name)) : [path.join(entry, d.name)])),
  );
  return nested.flat();
}

/** A digest over every source file of the console and the dependency lock: any change means a rebuild. */
export async function sourcesDigest(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(SOURCES.map(listFiles))).flat().filter((f) => !IGNORED.test(f));
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(WEB, file)));
  }
  hash.update(await readFile(path.join(ROOT, 'package-lock.json')));
  return hash.digest('hex');
}

/**
 * Builds the console with Vite (production mode) into a fresh directory, then swaps it in place of
 * web/dist, so a server reading web/dist never sees a half-written bundle.
 */
export async function buildConsole(): Promise<void> {
  const digest = await sourcesDigest();
  const { build } = await import('vite');
  const next = path.join(WEB, `.dist-${process.pid}`);
  const old = path.join(WEB, `.dist-old-${process.pid}`);
  await build({
    configFile: path.join(WEB, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: next, emptyOutDir: true },
  });
  await writeFile(path.join(next, '.sources-digest'), digest);
  await rename(DIST, old).catch(() => undefined);
  await rename(next, DIST);
  await rm(old, { recursive: true, force: true });
}

async function isCurrent(): Promise<boolean> {
  const [stamp, index] = await Promise.all([
    readFile(STAMP, 'utf8').catch(() => undefined),
    stat(path.join(DIST, 'index.html')).catch(() => undefined),
  ]);
  return index !== undefined && stamp === (await sourcesDigest());
}

/** Takes the build lock, waiting while another process holds it (a lock older than 5 min is stale). */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const held = await stat(LOCK).catch(() => undefined);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(LOCK, { recursive: true, force: true });
      // Polls the lock (another process is building), not a fixed wait for a result.
      else await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the console when `web/dist` is missing or was built from other sources than the current
 * ones (a digest, not mtimes: a checkout or a copy changes times but not content). Returns whether
 * it built. Safe to call from several processes at once: one builds, the others wait and reuse it.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = console.log): Promise<boolean> {
  if (await isCurrent()) return false;
  return withBuildLock(async () => {
    if (await isCurrent()) return false;
    log('web console sources changed or not built: building web/dist');
    const started = Date.now();
    await buildConsole();
    log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--force')) await withBuildLock(buildConsole);
  else await ensureConsoleBuilt();
}
