import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { JOBS } from '../queues/catalog.js';
import type { RouteDeps } from './app.js';
import type { App, AppEnv } from './context.js';
import { problemResponse } from './problem.js';

/** Where the queue monitor lives; outside `/v1`, so it is not part of the API document. */
export const ADMIN_QUEUES_PATH = '/admin/queues';

const CHALLENGE = 'Basic realm="Turumba queues", charset="UTF-8"';

/** Equal-time comparison of two strings of any length (both are hashed to 32 bytes first). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Reads `Authorization: Basic base64(user:password)`; undefined when absent or malformed. */
function readBasicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** HTTP basic auth against the configured operator; both parts are always compared (no early exit). */
function requireOperator(admin: { user: string; password: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = readBasicCredentials(c.req.header('authorization'));
    const userOk = sameSecret(given?.user ?? '', admin.user);
    const passwordOk = sameSecret(given?.password ?? '', admin.password);
    if (!given || !userOk || !passwordOk) {
      return problemResponse(c, 401, 'unauthorized', 'Queue monitor credentials are required', undefined, {
        'WWW-Authenticate': CHALLENGE,
      });
    }
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser caches basic credentials and sends them with any request to the board, including a
 * cross-site form POST (Bull Board's adapter parses any body as JSON). Writes must come from the
 * board's own page: same-origin by `Sec-Fetch-Site` (or, from an older browser, an `Origin` of this
 * host), and a JSON body — which a cross-site form cannot send without a preflight we never grant.
 */
function refuseCrossSiteWrites(publicBaseUrl: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const sameOrigin =
      site !== undefined
        ? site === 'same-origin'
        : origin === undefined || isOwnOrigin(origin, host, publicBaseUrl);
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const bodyless = (c.req.header('content-length') ?? '0') === '0' && type === '';
    if (!sameOrigin || !(type === 'application/json' || bodyless)) {
      return problemResponse(c, 403, 'csrf_rejected', 'Queue monitor writes must come from the monitor page');
    }
    return next();
  };
}

function isOwnOrigin(origin: string, host: string | undefined, publicBaseUrl: string): boolean {
  try {
    const url = new URL(origin);
    return url.origin === new URL(publicBaseUrl).origin || (host !== undefined && url.host === host);
  } catch {
    return false; // `null` (a sandboxed or file page) and garbage are not this host
  }
}

/**
 * Mounts Bull Board at /admin/queues, listing every queue of the job catalog, behind HTTP basic auth
 * (`ADMIN_USER` / `ADMIN_PASSWORD`). Without those settings nothing is mounted and the path is a 404.
 * It is a plain Hono sub-app, not an OpenAPI route: the monitor is an operator's tool, not API.
 */
export function registerBullBoard(app: App, deps: RouteDeps): void {
  const admin = deps.config.admin;
  if (!admin) return;
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  const queueNames = [...new Set(Object.values(JOBS).map((def) => def.queue))].sort();
  createBullBoard({
    queues: queueNames.map((name) => new BullMQAdapter(deps.queues.get(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Turumba queues', hideDocsLink: true } },
  });
  const board = new Hono<AppEnv>();
  board.use('*', requireOperator(admin));
  board.use('*', refuseCrossSiteWrites(deps.config.publicBaseUrl));
  board.route('/', serverAdapter.registerPlugin());
  app.route(ADMIN_QUEUES_PATH, board);
}
