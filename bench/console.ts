/**
 * The web console's budgets: the shell's first load ≤ 250 KB of JavaScript gzipped (routes split),
 * and a table of 100 rows rendered in ≤ 100 ms. Builds the console, reads Vite's manifest for what
 * each route loads, then renders the messages table with 100 rows in Debian's Chromium.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/web/browser.js';
import { ensureConsoleBuilt } from '../web/scripts/ensure-build.js';
import { printFigures } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const ROUNDS = Number(process.env.BENCH_TABLE_ROUNDS ?? 30);

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string };

async function gzipped(file: string): Promise<number> {
  return gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length;
}

/** The JavaScript one route's first load fetches: the entry's static closure plus the route chunk's. */
async function firstLoadSizes() {
  const manifest = JSON.parse(await readFile(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const child of manifest[key]?.imports ?? []) closure(child, seen);
    return seen;
  };
  const size = async (keys: Set<string>) => {
    let total = 0;
    for (const key of keys) total += await gzipped(manifest[key]!.file);
    return total;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const shell = closure(entryKey);
  const routes: Record<string, number> = {};
  for (const key of manifest[entryKey]!.dynamicImports ?? []) {
    const keys = closure(key, new Set(shell));
    routes[path.basename(key).replace(/\.tsx?$/, '')] = await size(keys);
  }
  const allJs = Object.values(manifest).filter((c) => c.file.endsWith('.js'));
  let everything = 0;
  for (const c of allJs) everything += await gzipped(c.file);
  return { shell: await size(shell), routes, everything };
}

async function buildTablePage(outDir: string) {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const { default: tailwindcss } = await import('@tailwindcss/vite');
  await build({
    root: WEB,
    configFile: false,
    logLevel: 'warn',
    plugins: [react(), tailwindcss()],
    build: { outDir, emptyOutDir: true, rollupOptions: { input: path.join(WEB, 'bench/table.html') } },
  });
}

function serve(dir: string) {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer(async (req, res) => {
    try {
      const file = path.join(dir, path.normalize(new URL(req.url ?? '/', 'http://x').pathname));
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => server.close(),
      }),
    ),
  );
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

await ensureConsoleBuilt(() => {});
const sizes = await firstLoadSizes();
const largestRoute = Object.entries(sizes.routes).sort((a, b) => b[1] - a[1])[0]!;

const out = await mkdtemp(path.join(tmpdir(), 'turumba-table-bench-'));
await buildTablePage(out);
const server = await serve(out);
const browser = await launchBrowser();
let timings: { render: number; frame: number }[];
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/bench/table.html`);
  await page.waitForFunction(() => 'runTableBench' in window);
  // A warm-up pass (JIT, style caches), as a user's second visit to the page would have.
  await page.evaluate(() => (window as any).runTableBench(5, 100));
  timings = await page.evaluate((rounds) => (window as any).runTableBench(rounds, 100), ROUNDS);
} finally {
  await browser.close();
  server.close();
  await rm(out, { recursive: true, force: true });
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const render = timings.map((t) => t.render);
const frame = timings.map((t) => t.frame);
printFigures('console', {
  shell_js_gzip_kb: kb(sizes.shell),
  largest_route: largestRoute[0],
  first_load_largest_route_js_gzip_kb: kb(largestRoute[1]),
  all_console_js_gzip_kb: kb(sizes.everything),
  table_100_rows_render_p50_ms: Math.round(quantile(render, 0.5) * 10) / 10,
  table_100_rows_render_p95_ms: Math.round(quantile(render, 0.95) * 10) / 10,
  table_100_rows_to_frame_p50_ms: Math.round(quantile(frame, 0.5) * 10) / 10,
  table_100_rows_to_frame_p95_ms: Math.round(quantile(frame, 0.95) * 10) / 10,
  table_rounds: ROUNDS,
});
