import { and, eq } from 'drizzle-orm';
import { auditChanges, auditOp } from '../../audit/record-audit.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { accountUsers, apiKeys, invitations, roles } from '../../db/schema/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { grantsNoMoreThan } from './permissions.js';
import type { Role } from './schemas.js';

const ROLE_FIELDS = ['name', 'description', 'permissions'] as const;

type RoleRow = typeof roles.$inferSelect;
// The built-in admin role guarantees that someone can always manage the account.
const PROTECTED_ROLE = 'admin';

export const roleList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: roles.id },
    name: { type: 'text', column: roles.name },
    description: { type: 'text', column: roles.description },
    created_at: { type: 'timestamp', column: roles.createdAt },
    updated_at: { type: 'timestamp', column: roles.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'asc' },
  tieBreaker: roles.id,
};

export function toRole(row: RoleRow): Role {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: row.permissions,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function listRoles(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(ctx.db, roles, eq(roles.accountId, ctx.accountId), parsed);
  return presentPage(page, toRole);
}

export async function getRole(ctx: OpContext, id: string): Promise<RoleRow> {
  const [row] = await ctx.db
    .select()
    .from(roles)
    .where(and(eq(roles.id, id), eq(roles.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('Role');
  return row;
}

/** A role of the caller's account, for assignment; another account's role is a 422 on that field. */
export async function requireAssignableRole(
  ctx: OpContext,
  roleId: string,
  path = 'role_id',
): Promise<RoleRow> {
  const [row] = await ctx.db
    .select()
    .from(roles)
    .where(and(eq(roles.id, roleId), eq(roles.accountId, ctx.accountId)));
  if (!row) throw new ValidationError('Unknown role', [{ path, message: 'no such role in this account' }]);
  return row;
}

/** Refuses (403) when `permissions` hold anything the caller lacks: no escalation through roles. */
function assertWithinCaller(callerPermissions: string[], permissions: string[], message: string): void {
  if (!grantsNoMoreThan(callerPermissions, permissions)) throw new ForbiddenError(message, 'role_escalation');
}

export async function createRole(
  ctx: OpContext,
  callerPermissions: string[],
  input: { name: string; description?: string | null | undefined; permissions: string[] },
) {
  assertWithinCaller(
    callerPermissions,
    input.permissions,
    'You cannot create a role with more permissions than your own',
  );
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(roles)
        .values({
          accountId: ctx.accountId,
          name: input.name,
          description: input.description ?? null,
          permissions: input.permissions,
        })
        .returning();
      await auditOp(ctx, tx, {
        action: 'role.created',
        resourceType: 'role',
        resourceId: row!.id,
        changes: auditChanges(undefined, row, ROLE_FIELDS),
      });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('A role with this name exists', 'role_name_taken');
    throw error;
  }
}

export async function updateRole(
  ctx: OpContext,
  callerPermissions: string[],
  id: string,
  input: {
    name?: string | undefined;
    description?: string | null | undefined;
    permissions?: string[] | undefined;
  },
) {
  const current = await getRole(ctx, id);
  if (current.name === PROTECTED_ROLE)
    throw new ConflictError('The admin role cannot be changed', 'role_protected');
  // Both the role as it is and as it would be must stay within the caller's own permissions.
  assertWithinCaller(
    callerPermissions,
    [...current.permissions, ...(input.permissions ?? [])],
    'You cannot change a role with more permissions than your own',
  );
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(roles)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.permissions !== undefined ? { permissions: input.permissions } : {}),
          updatedAt: new Date(),
        })
        .where(and(eq(roles.id, id), eq(roles.accountId, ctx.accountId)))
        .returning();
      if (!row) throw new NotFoundError('Role');
      await auditOp(ctx, tx, {
        action: 'role.updated',
        resourceType: 'role',
        resourceId: id,
        changes: auditChanges(current, row, ROLE_FIELDS),
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('A role with this name exists', 'role_name_taken');
    throw error;
  }
}

export async function deleteRole(ctx: OpContext, callerPermissions: string[], id: string): Promise<void> {
  const current = await getRole(ctx, id);
  if (current.name === PROTECTED_ROLE)
    throw new ConflictError('The admin role cannot be deleted', 'role_protected');
  assertWithinCaller(
    callerPermissions,
    current.permissions,
    'You cannot delete a role with more permissions than your own',
  );
  const [member] = await ctx.db
    .select({ id: accountUsers.id })
    .from(accountUsers)
    .where(eq(accountUsers.roleId, id))
    .limit(1);
  const [key] = await ctx.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.roleId, id)).limit(1);
  if (member || key) throw new ConflictError('The role is assigned to members or API keys', 'role_in_use');
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .delete(invitations)
        .where(and(eq(invitations.roleId, id), eq(invitations.accountId, ctx.accountId)));
      await tx.delete(roles).where(and(eq(roles.id, id), eq(roles.accountId, ctx.accountId)));
      await auditOp(ctx, tx, {
        action: 'role.deleted',
        resourceType: 'role',
        resourceId: id,
        changes: auditChanges(current, undefined, ROLE_FIELDS),
      });
    });
  } catch (error) {
    // Assigned between the check above and the delete: the foreign key refuses.
    if (isForeignKeyViolation(error))
      throw new ConflictError('The role is assigned to members or API keys', 'role_in_use');
    throw error;
  }
}

/** A role the caller may hand out (to a key, an invitee or a member): within the caller's own permissions. */
export async function requireGrantableRole(
  ctx: OpContext,
  callerPermissions: string[],
  roleId: string,
  path = 'role_id',
): Promise<RoleRow> {
  const role = await requireAssignableRole(ctx, roleId, path);
  assertWithinCaller(
    callerPermissions,
    role.permissions,
    'You cannot grant a role with more permissions than your own',
  );
  return role;
}

/** The permissions the caller acts with in the context's account (its role's, for a key). */
export async function actorPermissions(ctx: OpContext): Promise<string[]> {
  const actor = ctx.actor;
  if (actor.type === 'system') return ['*'];
  const [row] =
    actor.type === 'api_key'
      ? await ctx.db.select({ permissions: roles.permissions }).from(roles).where(eq(roles.id, actor.roleId))
      : await ctx.db
          .select({ permissions: roles.permissions })
          .from(accountUsers)
          .innerJoin(roles, eq(roles.id, accountUsers.roleId))
          .where(and(eq(accountUsers.accountId, ctx.accountId), eq(accountUsers.userId, actor.userId)));
  return row?.permissions ?? [];
}
