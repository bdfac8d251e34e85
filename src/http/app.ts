import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Database } from '../db/client.js';
import { registerAccountRoutes } from '../modules/accounts/routes.js';
import { registerApiKeyRoutes } from '../modules/api-keys/routes.js';
import { registerAuditLogRoutes } from '../modules/audit-log/routes.js';
import { registerAuthRoutes } from '../modules/auth/routes.js';
import { registerSessionRoutes } from '../modules/auth/session-routes.js';
import { registerChannelRoutes } from '../modules/channels/routes.js';
import { registerContactGroupRoutes } from '../modules/contact-groups/routes.js';
import { registerContactImportRoutes } from '../modules/contact-imports/routes.js';
import { registerContactRoutes } from '../modules/contacts/routes.js';
import { registerContextRoutes } from '../modules/context/routes.js';
import { registerEventRoutes } from '../modules/events/routes.js';
import { registerGroupMessageApprovalRoutes } from '../modules/group-messages/approval-routes.js';
import { registerGroupMessageCheckRoutes } from '../modules/group-messages/check-route.js';
import { registerGroupMessageRetryRoutes } from '../modules/group-messages/retry-failed-route.js';
import { registerGroupMessageRoutes } from '../modules/group-messages/routes.js';
import { registerInvitationRoutes } from '../modules/invitations/routes.js';
import { registerMessageRoutes } from '../modules/messages/routes.js';
import { registerOptOutRoutes } from '../modules/opt-outs/routes.js';
import { registerPersonRoutes } from '../modules/persons/routes.js';
import { registerProviderRoutes } from '../modules/providers/routes.js';
import { registerRoleRoutes } from '../modules/roles/routes.js';
import { registerScheduledMessageRoutes } from '../modules/scheduled-messages/routes.js';
import { registerStatsRoutes } from '../modules/stats/routes.js';
import { registerSystemRoutes } from '../modules/system/routes.js';
import { registerTemplateRoutes } from '../modules/templates/routes.js';
import { registerUnsubscribeRoutes } from '../modules/unsubscribe/routes.js';
import { registerUserRoutes } from '../modules/users/routes.js';
import { registerWebhookRoutes } from '../modules/webhooks/routes.js';
import { createGuards, type Guards } from './auth.js';
import { bodySizeLimit } from './body-limit.js';
import { registerBullBoard } from './bull-board.js';
import { registerConsole } from './console.js';
import type { App, AppDeps, AppEnv } from './context.js';
import { countsAgainstAdmission, STREAMED_UPLOAD_ROUTES, UNMETERED_ROUTES } from './long-routes.js';
import { registerOpenApiDocument } from './openapi-document.js';
import { handleError, problemResponse, zodFieldErrors } from './problem.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Admission control: at most `max` requests under /v1 in progress in this process (0: no limit);
 * past it, 503 `overloaded` with Retry-After at once. Under an open-loop overload (more requests a
 * second than the process can serve) the API would otherwise hold every waiting request, its
 * latency and memory growing without bound (2,000 held requests, 558 MB and a p99 of 36 s on a
 * slow machine, docs/BENCHMARKS.md); a client told to retry costs nothing meanwhile. What is not
 * counted: see `countsAgainstAdmission`.
 */
export function admission(max: number, onShed: () => void): MiddlewareHandler<AppEnv> {
  let inFlight = 0;
  return async (c, next) => {
    if (max <= 0 || !countsAgainstAdmission(c.req.method, c.req.path)) return next();
    if (inFlight >= max) {
      onShed();
      return problemResponse(
        c,
        503,
        'overloaded',
        'The API is serving as many requests as it can; retry after the Retry-After delay',
        undefined,
        { 'Retry-After': '1' },
      );
    }
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  };
}

/** Everything a module needs to register its routes. */
export type RouteDeps = AppDeps & { guards: Guards };

/** Extra route groups mounted by later modules (and tests); each receives the same deps. */
export type RouteModule = (app: App, deps: RouteDeps) => void;

/** Builds the HTTP application: middleware, every route, the OpenAPI document and its UI. */
export function createApp(
  given: AppDeps & { apiDatabase?: Database },
  extraModules: RouteModule[] = [],
): App {
  // Requests run on the API's pool, whose statements are cut at API_STATEMENT_TIMEOUT_MS.
  const deps: AppDeps = given.apiDatabase ? { ...given, database: given.apiDatabase } : given;
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      // A body that parses but does not fit is 422; a bad path, query or header is 400.
      const status = result.target === 'json' || result.target === 'form' ? 422 : 400;
      const code = status === 422 ? 'validation_failed' : 'invalid_request';
      const detail = status === 422 ? 'The request body is not acceptable' : `Invalid ${result.target}`;
      return problemResponse(c, status, code, detail, zodFieldErrors(result.error));
    },
  });

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('logger', deps.logger.child({ request_id: requestId }));
    c.set('actor', undefined);
    c.set('tenant', undefined);
    c.set('rateLimit', undefined);
    c.set('trustedProxies', deps.config.trustedProxies);
    const started = performance.now();
    try {
      await next();
    } finally {
      setFinalHeader(c, 'X-Request-Id', requestId);
      const limit = c.get('rateLimit');
      if (limit) {
        // The caller's bucket after this request (IETF RateLimit header fields), on 2xx and 429 alike.
        setFinalHeader(c, 'RateLimit-Limit', String(limit.limit));
        setFinalHeader(c, 'RateLimit-Remaining', String(limit.remaining));
        setFinalHeader(c, 'RateLimit-Reset', String(limit.resetSeconds));
      }
      const route = routePath(c) || 'unmatched';
      const seconds = (performance.now() - started) / 1000;
      // The live stream stays open and an upload lasts as long as its file: neither says how loaded the API is.
      if (!UNMETERED_ROUTES.has(`${c.req.method} ${route}`)) deps.pressure?.record(seconds * 1000);
      deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
      deps.metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
      // One line per request: no bodies, no query strings (filters can hold personal data).
      c.get('logger').info(
        {
          method: c.req.method,
          route,
          status: c.res.status,
          duration_ms: Math.round(seconds * 1000),
          account_id: c.get('tenant')?.accountId,
        },
        'request',
      );
    }
  });

  app.use(
    '/v1/*',
    admission(deps.config.apiMaxInFlight, () => deps.metrics.httpShed.inc()),
  );

  const jsonBodyLimit = bodySizeLimit(JSON_BODY_LIMIT, (c) =>
    problemResponse(c, 413, 'payload_too_large', `Bodies are limited to ${JSON_BODY_LIMIT} bytes`),
  );
  // Streamed uploads enforce their own, larger limit while they stream (bodyLimit would buffer them).
  app.use('/v1/*', (c, next) =>
    STREAMED_UPLOAD_ROUTES.has(`${c.req.method} ${c.req.path}`) ? next() : jsonBodyLimit(c, next),
  );

  app.onError(handleError);
  app.notFound((c) => problemResponse(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}`));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A user access token (JWT from /v1/auth/login) or an API key (tk_...)',
  });

  const routeDeps: RouteDeps = { ...deps, guards: createGuards(deps) };
  for (const register of [
    registerSystemRoutes,
    registerAuthRoutes,
    registerSessionRoutes,
    registerContextRoutes,
    registerAccountRoutes,
    registerUserRoutes,
    registerRoleRoutes,
    registerApiKeyRoutes,
    registerInvitationRoutes,
    registerContactRoutes,
    registerPersonRoutes,
    registerOptOutRoutes,
    registerContactGroupRoutes,
    registerContactImportRoutes,
    registerChannelRoutes,
    registerProviderRoutes,
    registerMessageRoutes,
    registerGroupMessageRoutes,
    registerScheduledMessageRoutes,
    registerGroupMessageRetryRoutes,
    registerGroupMessageCheckRoutes,
    registerGroupMessageApprovalRoutes,
    registerTemplateRoutes,
    registerAuditLogRoutes,
    registerWebhookRoutes,
    registerEventRoutes,
    registerStatsRoutes,
    registerUnsubscribeRoutes,
    registerBullBoard,
    ...extraModules,
  ]) {
    register(app, routeDeps);
  }

  registerOpenApiDocument(app, {
    openapi: '3.1.0',
    info: {
      title: 'Turumba API',
      version: '0.1.0',
      description:
        'Multi-tenant message automation. Tenant routes take `Authorization: Bearer <token>` and `X-Account-Id`. Errors are application/problem+json.',
    },
    servers: [{ url: deps.config.publicBaseUrl }],
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Turumba API' }));
  // Last: the console answers only GETs that no API route took.
  registerConsole(app);
  return app;
}

/**
 * Sets a header on a response the route already made. `c.header` would rebuild that response first
 * (hono does so after finalization, to be sure its headers can change), and under
 * @hono/node-server that makes a whole WHATWG Response with a web stream around a body that was a
 * plain string: a good part of what answering a small request costs. The response's own headers
 * take the value directly; only a response whose headers are immutable goes the rebuilding way.
 */
function setFinalHeader(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
