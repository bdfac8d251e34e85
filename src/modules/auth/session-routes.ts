import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import type { RouteDeps } from '../../http/app.js';
import { currentUserId } from '../../http/auth.js';
import { clientAddress } from '../../http/client-address.js';
import type { App, AppEnv } from '../../http/context.js';
import { BEARER, errorResponses as e, jsonBody, jsonResponse } from '../../http/openapi.js';
import { Throttle } from '../../security/throttle.js';
import { LoginInput } from './schemas.js';
import * as auth from './service.js';

/**
 * Browser sessions for the web console (an extension to the contract). The refresh token lives in an
 * HttpOnly cookie scoped to these routes, so page scripts never see it; the access token is returned
 * in the body and kept in memory. Cookie-authenticated routes are guarded against cross-site
 * requests (see `assertConsoleRequest`).
 */
export const REFRESH_COOKIE = 'turumba_refresh';
export const SESSION_PATH = '/v1/auth/session';
/** The header the console sends on cookie routes: a cross-site form or image cannot set it. */
export const CONSOLE_HEADER = 'x-turumba-console';

const tags = ['Console sessions'];
const EXTENSION = {
  'x-turumba-extension':
    'Browser session for the web console: the refresh token travels in an HttpOnly; Secure; SameSite=Strict cookie.',
};

const SessionToken = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
  })
  .openapi('SessionToken');

const CONSOLE_HEADER_PARAM = z.object({
  [CONSOLE_HEADER]: z.string().optional().openapi({
    description: 'Must be `1` (else 403 `csrf_rejected`): a same-origin script made the request',
  }),
});

const setCookieHeader = {
  'Set-Cookie': {
    description: `\`${REFRESH_COOKIE}=<refresh token>; Path=${SESSION_PATH}; HttpOnly; Secure; SameSite=Strict; Max-Age=<REFRESH_TOKEN_TTL_SECONDS>\``,
    schema: { type: 'string' as const },
  },
};

/**
 * CSRF defence for routes that read the cookie: SameSite=Strict already keeps the cookie off
 * cross-site requests; on top, the request must carry the console header (a custom header forces a
 * CORS preflight, which this API never grants), and a browser's Origin / Sec-Fetch-Site must say
 * same origin (the request's own host, or PUBLIC_BASE_URL behind a proxy).
 */
function assertConsoleRequest(c: Context<AppEnv>, publicBaseUrl: string): void {
  if (c.req.header(CONSOLE_HEADER) !== '1') {
    throw new ForbiddenError(`Console session routes need the ${CONSOLE_HEADER} header`, 'csrf_rejected');
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ForbiddenError('Cross-site request refused', 'csrf_rejected');
  }
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new ForbiddenError('Cross-site request refused', 'csrf_rejected');
    }
    if (host !== c.req.header('host') && host !== new URL(publicBaseUrl).host) {
      throw new ForbiddenError('Cross-site request refused', 'csrf_rejected');
    }
  }
}

export function registerSessionRoutes(app: App, deps: RouteDeps): void {
  const authDeps: auth.AuthDeps = {
    db: deps.database.db,
    config: deps.config,
    mailer: deps.mailer,
    throttle: new Throttle(deps.redis, deps.config.queuePrefix),
    logger: deps.logger,
  };
  app.openAPIRegistry.registerComponent('securitySchemes', 'refreshCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: REFRESH_COOKIE,
    description: 'The console refresh token (HttpOnly cookie set by POST /v1/auth/session)',
  });

  // Browsers accept Secure cookies from http://localhost and 127.0.0.1 (secure contexts), so the
  // local flow works without TLS; anywhere else the console must be served over https.
  const keep = (c: Context<AppEnv>, refreshToken: string) =>
    setCookie(c, REFRESH_COOKIE, refreshToken, {
      path: SESSION_PATH,
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      maxAge: deps.config.refreshTokenTtlSeconds,
    });
  const drop = (c: Context<AppEnv>) =>
    deleteCookie(c, REFRESH_COOKIE, { path: SESSION_PATH, secure: true, httpOnly: true, sameSite: 'Strict' });
  const accessPart = (pair: { access_token: string; expires_in: number }) => ({
    access_token: pair.access_token,
    token_type: 'Bearer' as const,
    expires_in: pair.expires_in,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: SESSION_PATH,
      tags,
      ...EXTENSION,
      summary: 'Sign in from the console: access token in the body, refresh token in an HttpOnly cookie',
      description:
        'Same checks and throttling as `POST /v1/auth/login`. Needs the `x-turumba-console: 1` header and a same-origin request.',
      request: { headers: CONSOLE_HEADER_PARAM, ...jsonBody(LoginInput) },
      responses: {
        200: { ...jsonResponse(SessionToken, 'Signed in'), headers: setCookieHeader },
        400: e[400],
        401: e[401],
        403: e[403],
        422: e[422],
        429: e[429],
      },
    }),
    async (c) => {
      assertConsoleRequest(c, deps.config.publicBaseUrl);
      const pair = await auth.login(
        authDeps,
        c.req.valid('json'),
        clientAddress(c),
        c.req.header('user-agent'),
      );
      keep(c, pair.refresh_token);
      return c.json(accessPart(pair), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${SESSION_PATH}/refresh`,
      tags,
      ...EXTENSION,
      security: [{ refreshCookie: [] }],
      summary: 'Silent refresh: rotates the cookie and returns a new access token',
      description:
        'A reused refresh token revokes its family (401) and the cookie is cleared. Needs the `x-turumba-console: 1` header and a same-origin request.',
      request: { headers: CONSOLE_HEADER_PARAM },
      responses: {
        200: { ...jsonResponse(SessionToken, 'Rotated'), headers: setCookieHeader },
        400: e[400],
        401: e[401],
        403: e[403],
      },
    }),
    async (c) => {
      assertConsoleRequest(c, deps.config.publicBaseUrl);
      const token = getCookie(c, REFRESH_COOKIE);
      if (!token) throw new UnauthorizedError('No console session', 'no_session');
      try {
        const pair = await auth.refresh(authDeps, token);
        keep(c, pair.refresh_token);
        return c.json(accessPart(pair), 200);
      } catch (error) {
        // A dead token is dropped from the browser; the error answer is built elsewhere, so the
        // header travels on the error itself.
        if (error instanceof UnauthorizedError) {
          error.headers['Set-Cookie'] = serialize(REFRESH_COOKIE, '', {
            path: SESSION_PATH,
            httpOnly: true,
            secure: true,
            sameSite: 'Strict',
            maxAge: 0,
          });
        }
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: SESSION_PATH,
      tags,
      ...EXTENSION,
      security: [{ refreshCookie: [] }],
      summary: 'Sign out this browser: revokes the cookie’s refresh token family and clears the cookie',
      request: { headers: CONSOLE_HEADER_PARAM },
      responses: { 204: { description: 'Signed out' }, 400: e[400], 403: e[403] },
    }),
    async (c) => {
      assertConsoleRequest(c, deps.config.publicBaseUrl);
      const token = getCookie(c, REFRESH_COOKIE);
      if (token) await auth.logout(authDeps, token);
      drop(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/auth/sessions',
      tags,
      ...EXTENSION,
      security: BEARER,
      summary: 'Sign out everywhere: revokes every refresh token of the user (console and API sessions)',
      description:
        'Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS); no session can be refreshed afterwards.',
      middleware: [deps.guards.user] as const,
      responses: { 204: { description: 'Every session revoked' }, 401: e[401], 403: e[403] },
    }),
    async (c) => {
      await auth.revokeAllSessions(authDeps, currentUserId(c));
      drop(c);
      return c.body(null, 204);
    },
  );
}
