import { and, count, eq, isNull } from 'drizzle-orm';
import { auditChanges, auditOp } from '../../audit/record-audit.js';
import { apiKeys, roles } from '../../db/schema/index.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import type { ListSpec, ParsedList } from '../../http/list-query.js';
import { randomToken, sha256Hex } from '../../security/tokens.js';
import { grantsNoMoreThan } from '../roles/permissions.js';
import { actorPermissions, requireGrantableRole } from '../roles/service.js';
import type { ApiKey } from './schemas.js';

export const apiKeyList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: apiKeys.id },
    name: { type: 'text', column: apiKeys.name },
    prefix: { type: 'text', column: apiKeys.prefix },
    role_id: { type: 'uuid', column: apiKeys.roleId },
    created_by_user_id: { type: 'uuid', column: apiKeys.createdByUserId },
    last_used_at: { type: 'timestamp', column: apiKeys.lastUsedAt },
    revoked_at: { type: 'timestamp', column: apiKeys.revokedAt },
    created_at: { type: 'timestamp', column: apiKeys.createdAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: apiKeys.id,
};

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  roleId: roles.id,
  roleName: roles.name,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdByUserId: apiKeys.createdByUserId,
  createdAt: apiKeys.createdAt,
  rolePermissions: roles.permissions,
};

function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: { id: row.roleId, name: row.roleName },
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    created_by_user_id: row.createdByUserId,
    created_at: row.createdAt.toISOString(),
  };
}

function keysQuery(ctx: OpContext) {
  return ctx.db.select(columns).from(apiKeys).innerJoin(roles, eq(roles.id, apiKeys.roleId)).$dynamic();
}

export async function getApiKey(ctx: OpContext, id: string): Promise<ApiKey> {
  const [row] = await keysQuery(ctx).where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('API key');
  return toApiKey(row);
}

export async function listApiKeys(ctx: OpContext, parsed: ParsedList) {
  const where = and(eq(apiKeys.accountId, ctx.accountId), parsed.where);
  const [rows, counted] = await Promise.all([
    keysQuery(ctx)
      .where(where)
      .orderBy(...parsed.orderBy)
      .limit(parsed.limit)
      .offset(parsed.offset),
    ctx.db.select({ total: count() }).from(apiKeys).where(where),
  ]);
  return {
    items: rows.map(toApiKey),
    total: counted[0]?.total ?? 0,
    // A few rows per account: always counted exactly.
    total_is_estimate: false,
    page: parsed.page,
    page_size: parsed.pageSize,
  };
}

/** Creates a key; the secret is returned once and only its SHA-256 is stored. */
export async function createApiKey(
  ctx: OpContext,
  caller: { roleId: string; permissions: string[] },
  input: { name: string; role_id?: string | undefined },
) {
  const role = await requireGrantableRole(ctx, caller.permissions, input.role_id ?? caller.roleId);
  const key = `tk_${randomToken(32)}`;
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiKeys)
      .values({
        accountId: ctx.accountId,
        roleId: role.id,
        name: input.name,
        prefix: key.slice(0, 10),
        keyHash: sha256Hex(key),
        createdByUserId: ctx.actor.type === 'user' ? ctx.actor.userId : null,
      })
      .returning({ id: apiKeys.id });
    await auditOp(ctx, tx, {
      action: 'api_key.created',
      resourceType: 'api_key',
      resourceId: inserted!.id,
      changes: auditChanges(undefined, { name: input.name, role_id: role.id, prefix: key.slice(0, 10) }, [
        'name',
        'role_id',
        'prefix',
      ]),
    });
    return inserted;
  });
  return { ...(await getApiKey(ctx, row!.id)), key };
}

/**
 * Revokes a key. No acting on your betters: a caller may revoke only keys whose role grants no more
 * than its own (`api_keys:manage` alone does not reach an admin's key).
 */
export async function revokeApiKey(ctx: OpContext, id: string): Promise<void> {
  const [key] = await keysQuery(ctx).where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, ctx.accountId)));
  if (!key) throw new NotFoundError('API key');
  if (!grantsNoMoreThan(await actorPermissions(ctx), key.rolePermissions)) {
    throw new ForbiddenError(
      'You cannot revoke a key whose role holds more permissions than yours',
      'role_escalation',
    );
  }
  await ctx.db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, ctx.accountId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (revoked.length > 0) {
      await auditOp(ctx, tx, { action: 'api_key.revoked', resourceType: 'api_key', resourceId: id });
    }
  });
}

type KeyRow = Awaited<ReturnType<typeof keysQuery>>[number];
