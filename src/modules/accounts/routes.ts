import { createRoute } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { auditChanges, recordAudit } from '../../audit/record-audit.js';
import type { Db } from '../../db/client.js';
import { accounts, accountUsers, roles } from '../../db/schema/index.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { RouteDeps } from '../../http/app.js';
import { currentUserId } from '../../http/auth.js';
import { clientAddress } from '../../http/client-address.js';
import type { Actor, App, AppEnv } from '../../http/context.js';
import { type ListSpec, parseListQuery } from '../../http/list-query.js';
import {
  BEARER,
  errorResponses as e,
  IdParams,
  jsonBody,
  jsonResponse,
  ListQuerySchema,
  listOf,
} from '../../http/openapi.js';
import { hasPermission } from '../roles/permissions.js';
import { Account, AccountCreate, AccountUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Accounts'];

const accountList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: accounts.id },
    name: { type: 'text', column: accounts.name },
    default_country_code: { type: 'text', column: accounts.defaultCountryCode },
    timezone: { type: 'text', column: accounts.timezone },
    created_at: { type: 'timestamp', column: accounts.createdAt },
    updated_at: { type: 'timestamp', column: accounts.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'asc' },
  tieBreaker: accounts.id,
};

/** The accounts an actor can see: a user's memberships, or an API key's own account. */
async function visibleAccountIds(db: Db, actor: Actor): Promise<string[]> {
  return actor.type === 'api_key' ? [actor.accountId] : service.memberAccountIds(db, actor.userId);
}

/** Requires `account:manage` in the account named by the path (not X-Account-Id). */
async function requireAccountManage(db: Db, actor: Actor, accountId: string): Promise<void> {
  const visible = await visibleAccountIds(db, actor);
  if (!visible.includes(accountId)) throw new NotFoundError('Account');
  const [role] =
    actor.type === 'api_key'
      ? await db.select({ permissions: roles.permissions }).from(roles).where(eq(roles.id, actor.roleId))
      : await db
          .select({ permissions: roles.permissions })
          .from(accountUsers)
          .innerJoin(roles, eq(roles.id, accountUsers.roleId))
          .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, actor.userId)));
  if (!role || !hasPermission(role.permissions, 'account:manage')) {
    throw new ForbiddenError('Your role does not allow account:manage', 'permission_denied');
  }
}

const actorOf = (c: Context<AppEnv>) => c.get('actor')!;

/** The settings of an account as the audit log shows them. */
const accountSettings = (row: typeof accounts.$inferSelect | undefined) =>
  row && {
    name: row.name,
    default_country_code: row.defaultCountryCode,
    timezone: row.timezone,
    api_rate_limit: row.apiRateLimit,
    on_member_removed: service.memberRemovalSettings(row.onMemberRemoved),
  };

/** How recently the password must have been entered to delete an account. */
const REAUTH_WINDOW_SECONDS = 5 * 60;

/**
 * Deleting an account destroys every tenant's data in it: an API key (a leaked CI secret, say)
 * may never do it, and a user must have signed in with the password within the last 5 minutes (a
 * session kept alive by refreshes for days, on a borrowed laptop, is not enough).
 */
async function requireRecentSignIn(db: Db, actor: Actor): Promise<void> {
  if (actor.type !== 'user') {
    throw new ForbiddenError(
      'An API key cannot delete an account; a user must do it',
      'user_session_required',
    );
  }
  // A session's first refresh token is issued at sign-in: its age is the age of the password entry.
  const fresh = await db.execute<{ ok: boolean }>(sql`
    SELECT true AS ok FROM refresh_tokens
    WHERE family_id = ${actor.sessionId}::uuid
    HAVING min(created_at) > now() - make_interval(secs => ${REAUTH_WINDOW_SECONDS})`);
  if (fresh.rows.length === 0) {
    throw new ForbiddenError(
      'Sign in again with your password (within 5 minutes) to delete an account',
      'reauthentication_required',
    );
  }
}

export function registerAccountRoutes(app: App, deps: RouteDeps): void {
  const { db } = deps.database;
  const { guards } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts',
      tags,
      security: BEARER,
      summary: "The caller's accounts",
      middleware: [guards.authenticated] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Account, 'AccountList'), 'Accounts'), 400: e[400], 401: e[401] },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), accountList);
      return c.json(await service.listAccounts(db, await visibleAccountIds(db, actorOf(c)), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts',
      tags,
      security: BEARER,
      summary: 'Create an account; the caller becomes its admin',
      middleware: [guards.user] as const,
      request: jsonBody(AccountCreate),
      responses: {
        201: jsonResponse(Account, 'Created'),
        400: e[400],
        401: e[401],
        403: e[403],
        422: e[422],
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const row = await db.transaction((tx) =>
        service.createAccountWithOwner(tx, {
          name: input.name,
          defaultCountryCode: input.default_country_code ?? null,
          timezone: input.timezone ?? 'UTC',
          ownerUserId: currentUserId(c),
        }),
      );
      return c.json(service.toAccount(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{id}',
      tags,
      security: BEARER,
      summary: 'One of the caller’s accounts',
      middleware: [guards.authenticated] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Account, 'The account'), 400: e[400], 401: e[401], 404: e[404] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await service.getAccount(db, await visibleAccountIds(db, actorOf(c)), id);
      return c.json(service.toAccount(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/accounts/{id}',
      tags,
      security: BEARER,
      summary: 'Change name, default country code or timezone (account:manage)',
      middleware: [guards.authenticated] as const,
      request: { params: IdParams, ...jsonBody(AccountUpdate) },
      responses: {
        200: jsonResponse(Account, 'Updated'),
        400: e[400],
        401: e[401],
        403: e[403],
        404: e[404],
        422: e[422],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireAccountManage(db, actorOf(c), id);
      const row = await db.transaction(async (tx) => {
        const [before] = await tx.select().from(accounts).where(eq(accounts.id, id));
        const updated = await service.updateAccount(tx, id, c.req.valid('json'));
        await recordAudit(tx, {
          accountId: id,
          actor: actorOf(c),
          action: 'account.updated',
          resourceType: 'account',
          resourceId: id,
          client: { ip: clientAddress(c), userAgent: c.req.header('user-agent') },
          changes: auditChanges(accountSettings(before), accountSettings(updated), [
            'name',
            'default_country_code',
            'timezone',
            'api_rate_limit',
            'on_member_removed',
          ]),
        });
        return updated;
      });
      return c.json(service.toAccount(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/accounts/{id}',
      tags,
      security: BEARER,
      summary: 'Delete an account and everything in it (account:manage)',
      description:
        'Only a user may delete an account, signed in with the password within the last 5 minutes: an ' +
        'API key gets 403 `user_session_required`, an older session 403 `reauthentication_required`.',
      middleware: [guards.authenticated] as const,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, 400: e[400], 401: e[401], 403: e[403], 404: e[404] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireAccountManage(db, actorOf(c), id);
      await requireRecentSignIn(db, actorOf(c));
      await service.deleteAccount(db, id);
      return c.body(null, 204);
    },
  );
}
