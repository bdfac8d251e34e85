import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const ROOT = path.resolve(WEB, '..');
const DIST = path.join(WEB, 'dist');
/** Written after a successful build: the digest of the sources the bundle was built from. */
const STAMP = path.join(DIST, '.sources-digest');
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

/** Builds the console with Vite (production mode) and records the digest of its sources. */
export async function buildConsole(): Promise<void> {
  const digest = await sourcesDigest();
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  await writeFile(STAMP, digest);
}

/**
 * Builds the console when `web/dist` is missing or was built from other sources than the current
 * ones (a digest, not mtimes: a checkout or a copy changes times but not content). Returns whether
 * it built.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = console.log): Promise<boolean> {
  const [stamp, index] = await Promise.all([
    readFile(STAMP, 'utf8').catch(() => undefined),
    readFile(path.join(DIST, 'index.html')).catch(() => undefined),
  ]);
  if (index && stamp === (await sourcesDigest())) return false;
  log(
    index
      ? 'web console sources changed: rebuilding web/dist'
      : 'web console not built yet: building web/dist',
  );
  const started = Date.now();
  await buildConsole();
  log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--force')) await buildConsole();
  else await ensureConsoleBuilt();
}
