import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { accounts, apiKeys, roles } from '../db/schema/index.js';
import type { AccountRateLimit } from '../db/schema/tenancy.js';
import { BadRequestError, ForbiddenError, RateLimitedError, UnauthorizedError } from '../errors.js';
import { verifyAccessToken } from '../modules/auth/access-token.js';
import { hasPermission, type Permission } from '../modules/roles/permissions.js';
import { ApiRateLimiter } from '../security/api-rate-limit.js';
import { sha256Hex } from '../security/tokens.js';
import { clientAddress } from './client-address.js';
import type { Actor, AppDeps, AppEnv, OpContext, Tenant } from './context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Guards = {
  /** Any valid credential: a user's access token or an API key. */
  authenticated: MiddlewareHandler<AppEnv>;
  /** A user's access token (not an API key). */
  user: MiddlewareHandler<AppEnv>;
  /** A credential acting in an account whose role grants `permission`. */
  can: (permission: Permission) => MiddlewareHandler<AppEnv>;
  /** A credential acting in an account, whatever its role (the route checks permissions itself). */
  member: MiddlewareHandler<AppEnv>;
  /**
   * The tenant of `actor` in `accountId` as a guard would resolve it now (membership or key, role,
   * live session); throws like the guards.
   */
  tenantOf: (actor: Actor, accountId: string) => Promise<Tenant>;
};

// Every middleware made by `can`: the OpenAPI document finds tenant routes by it (see openapi-document.ts).
const tenantGuards = new WeakSet<object>();

/** Marks a route's own guard as acting in an account (the OpenAPI document then lists X-Account-Id). */
export function markTenantGuard<T extends object>(handler: T): T {
  tenantGuards.add(handler);
  return handler;
}

// The guards of routes outside an account (`authenticated`, `user`); they, and every tenant guard,
// charge the caller's API rate limit (the OpenAPI document lists 429 and RateLimit-* on those routes).
const accountlessGuards = new WeakSet<object>();

/** True for a middleware that takes a token from the caller's API rate limit. */
export function isRateLimitedGuard(handler: unknown): boolean {
  return typeof handler === 'function' && (tenantGuards.has(handler) || accountlessGuards.has(handler));
}

/** True for a middleware made by `guards.can(...)`, i.e. a route that acts in an account. */
export function isTenantGuard(handler: unknown): boolean {
  return typeof handler === 'function' && tenantGuards.has(handler);
}

function bearer(c: Context<AppEnv>): string {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) throw new UnauthorizedError();
  return match[1];
}

/** Auth and tenancy middleware. Client headers such as x-account-ids or x-role-ids are never read. */
/** A session's liveness and memberships (see `tenantOf`), in any account or in the one asked for. */
const sessionLookup = (inAccount: boolean) => `
  SELECT s.live, m.account_id, m.role_id, m.name, m.permissions, m.api_rate_limit
  FROM (SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $1::uuid)
          AND NOT EXISTS (SELECT 1 FROM refresh_tokens r
                          WHERE r.family_id = $2::uuid AND r.revoked_at IS NOT NULL) AS live) s
  LEFT JOIN LATERAL (
    SELECT au.account_id, ro.id AS role_id, ro.name, ro.permissions, a.api_rate_limit
    FROM account_users au JOIN roles ro ON ro.id = au.role_id JOIN accounts a ON a.id = au.account_id
    WHERE au.user_id = $1::uuid ${inAccount ? 'AND au.account_id = $3::uuid' : ''}
    LIMIT 2) m ON s.live`;
const SESSION_LOOKUP = {
  any: { name: 'auth-session', text: sessionLookup(false) },
  inAccount: { name: 'auth-session-in-account', text: sessionLookup(true) },
};

export function createGuards(deps: AppDeps): Guards {
  const { db, pool } = deps.database;
  const limiter = new ApiRateLimiter(deps.redis, deps.config.queuePrefix);

  /**
   * Takes the request's token from its caller's bucket, once per request: an API key's own bucket, or
   * the user's (shared by their sessions), under the limit of the account it acts in (`own`), else the
   * platform's. Out of tokens: 429 with Retry-After; app.ts puts the RateLimit-* headers on every answer.
   * Without an answer from Redis the request goes on unlimited (an outage of Redis must not stop the API).
   */
  async function chargeRequest(
    c: Context<AppEnv>,
    actor: Actor,
    own: AccountRateLimit | null | undefined,
  ): Promise<void> {
    if (c.get('rateLimit')) return;
    const rule = own ? { perSecond: own.per_second, burst: own.burst } : deps.config.apiRateLimit;
    if (!rule) return;
    const subject = actor.type === 'api_key' ? `key:${actor.apiKeyId}` : `user:${actor.userId}`;
    const outcome = await limiter.take(subject, rule);
    if (!outcome) {
      c.get('logger').warn(
        { subject: actor.type },
        'API rate limit unavailable (Redis): request not limited',
      );
      return;
    }
    c.set('rateLimit', outcome);
    if (!outcome.allowed) {
      throw new RateLimitedError(
        `Too many requests; at most ${rule.burst} in a row, then ${rule.perSecond} per second`,
        outcome.retryAfterSeconds,
      );
    }
  }

  /** The actor of the request. `checkUser: false` leaves the user's existence to the membership lookup. */
  async function resolveActor(c: Context<AppEnv>, checkUser = true): Promise<Actor> {
    const token = bearer(c);
    if (token.startsWith('tk_')) {
      const [key] = await db
        .select({
          id: apiKeys.id,
          accountId: apiKeys.accountId,
          roleId: apiKeys.roleId,
          lastUsedAt: apiKeys.lastUsedAt,
          apiRateLimit: accounts.apiRateLimit,
        })
        .from(apiKeys)
        .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
        .where(and(eq(apiKeys.keyHash, sha256Hex(token)), isNull(apiKeys.revokedAt)));
      if (!key) throw new UnauthorizedError('Invalid or revoked API key');
      const actor = {
        type: 'api_key' as const,
        apiKeyId: key.id,
        accountId: key.accountId,
        roleId: key.roleId,
      };
      // A key always acts in its own account: its limit is known here, before any route work.
      await chargeRequest(c, actor, key.apiRateLimit);
      // Touch last_used_at at most once a minute: no write per request.
      if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
        void db
          .update(apiKeys)
          .set({ lastUsedAt: new Date() })
          .where(eq(apiKeys.id, key.id))
          .catch(() => {});
      }
      return actor;
    }
    const claims = await verifyAccessToken(deps.config.jwtSecret, token);
    if (!claims) throw new UnauthorizedError('Invalid or expired access token');
    const actor = { type: 'user' as const, ...claims };
    if (checkUser) await assertSessionLive(actor);
    return actor;
  }

  /**
   * The user still exists and the session the access token belongs to was not ended (sign-out, sign
   * out everywhere, a password reset or change, a reused refresh token): a revoked session's access
   * tokens stop working on the next request, not when they expire.
   */
  async function assertSessionLive(actor: { userId: string; sessionId: string }): Promise<void> {
    const live = await db.execute<{ ok: boolean }>(sql`
      SELECT true AS ok FROM users u
      WHERE u.id = ${actor.userId}::uuid AND NOT EXISTS (
        SELECT 1 FROM refresh_tokens r
        WHERE r.family_id = ${actor.sessionId}::uuid AND r.revoked_at IS NOT NULL)`);
    if (live.rows.length === 0) throw new UnauthorizedError('Invalid or expired access token');
  }

  function resolveTenant(c: Context<AppEnv>, actor: Actor): Promise<Tenant> {
    return tenantIn(actor, c.req.header('x-account-id')?.trim());
  }

  async function tenantIn(actor: Actor, header: string | undefined): Promise<Tenant> {
    if (header !== undefined && header !== '' && !UUID.test(header)) {
      throw new BadRequestError('X-Account-Id must be a UUID', [
        { path: 'X-Account-Id', message: 'not a UUID' },
      ]);
    }
    if (actor.type === 'api_key') {
      if (header && header.toLowerCase() !== actor.accountId) {
        throw new ForbiddenError('This API key acts in another account', 'not_a_member');
      }
      const [role] = await db
        .select({
          id: roles.id,
          name: roles.name,
          permissions: roles.permissions,
          apiRateLimit: accounts.apiRateLimit,
        })
        .from(roles)
        .innerJoin(accounts, eq(accounts.id, roles.accountId))
        .where(and(eq(roles.id, actor.roleId), eq(roles.accountId, actor.accountId)));
      if (!role) throw new ForbiddenError('The API key has no role in its account');
      return {
        accountId: actor.accountId,
        roleId: role.id,
        roleName: role.name,
        permissions: role.permissions,
        apiRateLimit: role.apiRateLimit,
      };
    }
    // One statement: whether the session is live (a deleted user or an ended session is 401 before
    // any membership answer, 403, is given) and the memberships, at most two. Named, so each
    // connection plans it once: every request runs it, and planning took five times its run.
    const rows = await pool.query<{
      live: boolean;
      account_id: string | null;
      role_id: string | null;
      name: string | null;
      permissions: string[] | null;
      api_rate_limit: AccountRateLimit | null;
    }>(
      header
        ? { ...SESSION_LOOKUP.inAccount, values: [actor.userId, actor.sessionId, header.toLowerCase()] }
        : { ...SESSION_LOOKUP.any, values: [actor.userId, actor.sessionId] },
    );
    if (!rows.rows[0]?.live) throw new UnauthorizedError('Invalid or expired access token');
    const memberships = rows.rows
      .filter((r) => r.account_id !== null)
      .map((r) => ({
        accountId: r.account_id!,
        roleId: r.role_id!,
        name: r.name!,
        permissions: r.permissions!,
        apiRateLimit: r.api_rate_limit,
      }));
    if (header) {
      const m = memberships[0];
      if (!m) throw new ForbiddenError('You are not a member of this account', 'not_a_member');
      return toTenant(m);
    }
    if (memberships.length === 1 && memberships[0]) return toTenant(memberships[0]);
    if (memberships.length === 0)
      throw new ForbiddenError('You are not a member of any account', 'not_a_member');
    throw new BadRequestError(
      'You belong to several accounts: send X-Account-Id',
      undefined,
      'account_required',
    );
  }

  // Routes outside an account: a user's request counts under the platform's limit.
  const authenticated: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = await resolveActor(c);
    await chargeRequest(c, actor, undefined);
    c.set('actor', actor);
    await next();
  };

  const user: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = await resolveActor(c);
    if (actor.type !== 'user')
      throw new ForbiddenError('This route needs a user, not an API key', 'user_required');
    await chargeRequest(c, actor, undefined);
    c.set('actor', actor);
    await next();
  };
  accountlessGuards.add(authenticated);
  accountlessGuards.add(user);

  const can = (permission: Permission): MiddlewareHandler<AppEnv> => {
    const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
      const actor = c.get('actor') ?? (await resolveActor(c, false));
      c.set('actor', actor);
      const tenant = await resolveTenant(c, actor);
      await chargeRequest(c, actor, tenant.apiRateLimit);
      if (!hasPermission(tenant.permissions, permission)) {
        throw new ForbiddenError(`Your role does not allow ${permission}`, 'permission_denied');
      }
      c.set('tenant', tenant);
      await next();
    };
    tenantGuards.add(guard);
    return guard;
  };

  const member: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = c.get('actor') ?? (await resolveActor(c, false));
    c.set('actor', actor);
    const tenant = await resolveTenant(c, actor);
    await chargeRequest(c, actor, tenant.apiRateLimit);
    c.set('tenant', tenant);
    await next();
  };
  tenantGuards.add(member);

  return { authenticated, user, can, member, tenantOf: (actor, accountId) => tenantIn(actor, accountId) };
}

function toTenant(m: {
  accountId: string;
  roleId: string;
  name: string;
  permissions: string[];
  apiRateLimit: AccountRateLimit | null;
}): Tenant {
  return {
    accountId: m.accountId,
    roleId: m.roleId,
    roleName: m.name,
    permissions: m.permissions,
    apiRateLimit: m.apiRateLimit,
  };
}

/** The operation context of a tenant route (after `can`). */
export function opContext(c: Context<AppEnv>, deps: AppDeps): OpContext {
  const tenant = c.get('tenant');
  const actor = c.get('actor');
  if (!tenant || !actor) throw new Error('opContext used on a route without a tenant guard');
  return {
    accountId: tenant.accountId,
    actor,
    requestId: c.get('requestId'),
    logger: c.get('logger'),
    db: deps.database.db,
    client: { ip: clientAddress(c), userAgent: c.req.header('user-agent') },
  };
}

/** The user id of a user route (after `user`). */
export function currentUserId(c: Context<AppEnv>): string {
  const actor = c.get('actor');
  if (actor?.type !== 'user') throw new Error('currentUserId used on a route without the user guard');
  return actor.userId;
}
