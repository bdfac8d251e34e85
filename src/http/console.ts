import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import { compress } from 'hono/compress';
import { PROJECT_ROOT } from '../paths.js';
import type { App, AppEnv } from './context.js';

/** Where `npm run build:web` writes the console (web/vite.config.ts). */
export const CONSOLE_DIST = path.join(PROJECT_ROOT, 'web', 'dist') + path.sep;

// Paths the API owns: never answered with the console, even when nothing there matches.
const API_PATHS = /^\/(?:v1|docs|openapi\.json|admin|metrics|healthz|readyz)(?:\/|$)/;

/**
 * The console's Content-Security-Policy: scripts only from this origin (no inline script, no eval);
 * the API is the same origin. Styles allow 'unsafe-inline' because Radix positions popovers with
 * style attributes; no script can run from a style.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const YEAR = 'public, max-age=31536000, immutable';

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function respond(c: Context<AppEnv>, body: Buffer | string, type: string, cacheControl: string): Response {
  c.header('Content-Type', type);
  c.header('Cache-Control', cacheControl);
  c.header('Content-Security-Policy', CONSOLE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  if (c.req.method === 'HEAD') return c.body(null);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Turumba</title>
<p>The web console is not built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it).</p></html>`;

/**
 * Serves the single-page console from `dist` for every GET the API does not own: hashed files under
 * /assets/ are cached for a year, other files are revalidated, and any other path (a deep link such
 * as /channels/…) gets index.html, which is never cached so a new release is picked up at once.
 */
export function registerConsole(app: App, dist: string = CONSOLE_DIST): void {
  const root = path.resolve(dist);
  app.on(['GET', 'HEAD'], '*', compress(), async (c) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(c.req.path);
    } catch {
      return c.notFound();
    }
    if (API_PATHS.test(urlPath)) return c.notFound();
    const file = path.resolve(root, `.${path.posix.normalize(urlPath)}`);
    if (file !== root && !file.startsWith(root + path.sep)) return c.notFound();
    const ext = path.extname(file);
    if (urlPath !== '/' && urlPath !== '/index.html') {
      const content = await readIfFile(file);
      if (content) {
        const immutable = urlPath.startsWith('/assets/');
        return respond(c, content, TYPES[ext] ?? 'application/octet-stream', immutable ? YEAR : 'no-cache');
      }
      // A missing asset is a 404, not the page: a stale tab would otherwise parse HTML as JavaScript.
      if (ext !== '') return c.notFound();
    }
    const index = await readIfFile(path.join(root, 'index.html'));
    if (!index) {
      c.status(503);
      return respond(c, NOT_BUILT, TYPES['.html']!, 'no-store');
    }
    return respond(c, index, TYPES['.html']!, 'no-store');
  });
}
