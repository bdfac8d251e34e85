import { createRoute, z } from '@hono/zod-openapi';
import { UnauthorizedError } from '../../errors.js';
import type { RouteDeps } from '../../http/app.js';
import { clientAddress } from '../../http/client-address.js';
import type { App } from '../../http/context.js';
import { BEARER, errorResponses, jsonBody, jsonResponse } from '../../http/openapi.js';
import { Throttle } from '../../security/throttle.js';
import {
  Accepted,
  ChangePasswordInput,
  EmailInput,
  LoginInput,
  Ok,
  RefreshInput,
  RegisterInput,
  RegisterResult,
  ResetPasswordInput,
  TokenPair,
  User,
  VerifyEmailInput,
} from './schemas.js';
import * as auth from './service.js';

const tags = ['Authentication'];
const e = errorResponses;

export function registerAuthRoutes(app: App, deps: RouteDeps): void {
  const authDeps: auth.AuthDeps = {
    db: deps.database.db,
    config: deps.config,
    mailer: deps.mailer,
    throttle: new Throttle(deps.redis, deps.config.queuePrefix),
    logger: deps.logger,
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/register',
      tags,
      summary: 'Sign up: creates a user and an account; mails a 6-digit verification code',
      request: jsonBody(RegisterInput),
      responses: {
        201: jsonResponse(RegisterResult, 'Registered'),
        400: e[400],
        409: e[409],
        415: { description: 'Not JSON' },
        422: e[422],
      },
    }),
    async (c) => c.json(await auth.register(authDeps, c.req.valid('json'), clientAddress(c)), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/verify-email',
      tags,
      summary: 'Confirm the email address with the mailed code',
      request: jsonBody(VerifyEmailInput),
      responses: {
        200: jsonResponse(z.object({ user: User }), 'Verified'),
        400: e[400],
        422: e[422],
        429: e[429],
      },
    }),
    async (c) => c.json(await auth.verifyEmail(authDeps, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/resend-verification',
      tags,
      summary: 'Mail a new verification code (always 202)',
      request: jsonBody(EmailInput),
      responses: { 202: jsonResponse(Accepted, 'Accepted'), 400: e[400], 422: e[422] },
    }),
    async (c) => {
      await auth.resendVerification(authDeps, c.req.valid('json').email, clientAddress(c));
      return c.json({ status: 'accepted' as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/login',
      tags,
      summary: 'Exchange email and password for an access and a refresh token',
      description:
        'Unknown emails and wrong passwords answer alike (401). Failed logins are throttled per email and per client address (429 with Retry-After).',
      request: jsonBody(LoginInput),
      responses: {
        200: jsonResponse(TokenPair, 'Signed in'),
        400: e[400],
        401: e[401],
        403: e[403],
        422: e[422],
        429: e[429],
      },
    }),
    async (c) =>
      c.json(
        await auth.login(authDeps, c.req.valid('json'), clientAddress(c), c.req.header('user-agent')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/refresh',
      tags,
      summary: 'Rotate the token pair; a reused refresh token revokes its family',
      request: jsonBody(RefreshInput),
      responses: { 200: jsonResponse(TokenPair, 'Rotated'), 400: e[400], 401: e[401], 422: e[422] },
    }),
    async (c) => c.json(await auth.refresh(authDeps, c.req.valid('json').refresh_token), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/logout',
      tags,
      summary: 'Revoke the refresh token and its family',
      request: jsonBody(RefreshInput),
      responses: { 204: { description: 'Signed out' }, 400: e[400], 422: e[422] },
    }),
    async (c) => {
      await auth.logout(authDeps, c.req.valid('json').refresh_token);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/forgot-password',
      tags,
      summary: 'Mail a password reset code (always 202)',
      request: jsonBody(EmailInput),
      responses: { 202: jsonResponse(Accepted, 'Accepted'), 400: e[400], 422: e[422] },
    }),
    async (c) => {
      await auth.forgotPassword(authDeps, c.req.valid('json').email, clientAddress(c));
      return c.json({ status: 'accepted' as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/reset-password',
      tags,
      summary: 'Set a new password with the mailed code; signs out every session',
      description: 'Wrong codes are limited per email address (20 a day, whatever the purpose): then 429.',
      request: jsonBody(ResetPasswordInput),
      responses: { 200: jsonResponse(Ok, 'Password changed'), 400: e[400], 422: e[422], 429: e[429] },
    }),
    async (c) => {
      await auth.resetPassword(authDeps, c.req.valid('json'));
      return c.json({ status: 'ok' as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/change-password',
      tags,
      security: BEARER,
      summary: 'Change the password; ends every session (their access tokens at once) and opens a new one',
      description:
        'Extension. The current password is required (422 `wrong_password` otherwise). Every refresh token of the user is revoked, so every access token stops working on its next request; the answer is a fresh pair for the caller.',
      middleware: [deps.guards.user] as const,
      request: jsonBody(ChangePasswordInput),
      responses: {
        200: jsonResponse(TokenPair, 'Password changed; a new session'),
        401: e[401],
        422: e[422],
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (actor?.type !== 'user') throw new UnauthorizedError();
      return c.json(await auth.changePassword(authDeps, actor.userId, c.req.valid('json')), 200);
    },
  );
}
