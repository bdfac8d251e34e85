import { and, count, eq, isNull, ne, sql } from 'drizzle-orm';
import { auditOp } from '../../audit/record-audit.js';
import { accountUsers, apiKeys, roles, users } from '../../db/schema/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import type { ListSpec, ParsedList } from '../../http/list-query.js';
import { grantsNoMoreThan, hasPermission } from '../roles/permissions.js';
import { requireGrantableRole } from '../roles/service.js';
import { stopWorkOf } from './creator-work.js';
import type { Member } from './schemas.js';

export const memberList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: users.id },
    email: { type: 'text', column: users.email },
    name: { type: 'text', column: users.name },
    email_verified: { type: 'boolean', column: users.emailVerified },
    role_id: { type: 'uuid', column: accountUsers.roleId },
    joined_at: { type: 'timestamp', column: accountUsers.createdAt },
    created_at: { type: 'timestamp', column: users.createdAt },
  },
  defaultSort: { field: 'joined_at', direction: 'asc' },
  tieBreaker: users.id,
};

const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  emailVerified: users.emailVerified,
  roleId: roles.id,
  roleName: roles.name,
  joinedAt: accountUsers.createdAt,
  createdAt: users.createdAt,
  updatedAt: accountUsers.updatedAt,
};

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    email_verified: row.emailVerified,
    role: { id: row.roleId, name: row.roleName },
    joined_at: row.joinedAt.toISOString(),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function membersQuery(ctx: OpContext) {
  return ctx.db
    .select(memberColumns)
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .innerJoin(roles, eq(roles.id, accountUsers.roleId))
    .$dynamic();
}

export async function listMembers(ctx: OpContext, parsed: ParsedList) {
  const where = and(eq(accountUsers.accountId, ctx.accountId), parsed.where);
  const [rows, counted] = await Promise.all([
    membersQuery(ctx)
      .where(where)
      .orderBy(...parsed.orderBy)
      .limit(parsed.limit)
      .offset(parsed.offset),
    ctx.db
      .select({ total: count() })
      .from(accountUsers)
      .innerJoin(users, eq(users.id, accountUsers.userId))
      .where(where),
  ]);
  return {
    items: rows.map(toMember),
    total: counted[0]?.total ?? 0,
    // A few rows per account: always counted exactly.
    total_is_estimate: false,
    page: parsed.page,
    page_size: parsed.pageSize,
  };
}

export async function getMember(ctx: OpContext, userId: string): Promise<Member> {
  const [row] = await membersQuery(ctx).where(
    and(eq(accountUsers.accountId, ctx.accountId), eq(accountUsers.userId, userId)),
  );
  if (!row) throw new NotFoundError('User');
  return toMember(row);
}

/** Fails with 409 when the change would leave the account without an admin. */
async function assertAnotherAdmin(ctx: OpContext, userId: string): Promise<void> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(accountUsers)
    .innerJoin(roles, eq(roles.id, accountUsers.roleId))
    .where(
      and(
        eq(accountUsers.accountId, ctx.accountId),
        eq(roles.name, 'admin'),
        ne(accountUsers.userId, userId),
      ),
    );
  if ((row?.n ?? 0) === 0) throw new ConflictError('The account must keep at least one admin', 'last_admin');
}

/** Refuses (403) to act on a member whose role holds more than the caller's: no demoting your betters. */
async function assertMemberWithinCaller(
  ctx: OpContext,
  callerPermissions: string[],
  member: Member,
): Promise<void> {
  const [role] = await ctx.db
    .select({ permissions: roles.permissions })
    .from(roles)
    .where(and(eq(roles.id, member.role.id), eq(roles.accountId, ctx.accountId)));
  if (!role || !grantsNoMoreThan(callerPermissions, role.permissions)) {
    throw new ForbiddenError(
      'You cannot change a member who holds more permissions than you',
      'role_escalation',
    );
  }
}

/**
 * Runs a membership change in a transaction holding the account's membership lock, so concurrent
 * changes in one account run one after the other: two admins stepping down at once cannot both pass
 * the last-admin check. An advisory lock, not a row lock, so it cannot deadlock with account deletion.
 */
function withMembershipLock<T>(ctx: OpContext, work: (ctx: OpContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`members:${ctx.accountId}`}, 0))`);
    return work({ ...ctx, db: tx });
  });
}

export function changeMemberRole(
  ctx: OpContext,
  callerPermissions: string[],
  userId: string,
  roleId: string,
): Promise<Member> {
  return withMembershipLock(ctx, async (ctx) => {
    const current = await getMember(ctx, userId);
    const role = await requireGrantableRole(ctx, callerPermissions, roleId);
    await assertMemberWithinCaller(ctx, callerPermissions, current);
    if (current.role.name === 'admin' && role.name !== 'admin') await assertAnotherAdmin(ctx, userId);
    await ctx.db
      .update(accountUsers)
      .set({ roleId: role.id, updatedAt: new Date() })
      .where(and(eq(accountUsers.accountId, ctx.accountId), eq(accountUsers.userId, userId)));
    await downgradeKeysOf(ctx, userId, role);
    await stopWorkOf(
      ctx,
      userId,
      {
        schedules: !hasPermission(role.permissions, 'scheduled_messages:send'),
        broadcasts: !hasPermission(role.permissions, 'group_messages:send'),
      },
      'creator_demoted',
    );
    await auditOp(ctx, ctx.db, {
      action: 'member.role_changed',
      resourceType: 'user',
      resourceId: userId,
      changes: { role: { from: current.role.name, to: role.name } },
    });
    return getMember(ctx, userId);
  });
}

export function removeMember(ctx: OpContext, callerPermissions: string[], userId: string): Promise<void> {
  return withMembershipLock(ctx, async (ctx) => {
    const current = await getMember(ctx, userId);
    await assertMemberWithinCaller(ctx, callerPermissions, current);
    if (current.role.name === 'admin') await assertAnotherAdmin(ctx, userId);
    await ctx.db
      .delete(accountUsers)
      .where(and(eq(accountUsers.accountId, ctx.accountId), eq(accountUsers.userId, userId)));
    await revokeKeysOf(ctx, userId);
    await stopWorkOf(ctx, userId, { schedules: true, broadcasts: true }, 'creator_removed');
    await auditOp(ctx, ctx.db, {
      action: 'member.removed',
      resourceType: 'user',
      resourceId: userId,
      changes: { role: { from: current.role.name } },
    });
  });
}

/**
 * A removed member's API keys go with them: a key outliving its creator's membership would let a
 * dismissed employee keep acting in the account. Same transaction as the removal.
 */
async function revokeKeysOf(ctx: OpContext, userId: string): Promise<void> {
  const revoked = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(apiKeys.accountId, ctx.accountId),
        eq(apiKeys.createdByUserId, userId),
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning({ id: apiKeys.id });
  for (const key of revoked) {
    await auditOp(ctx, ctx.db, {
      action: 'api_key.revoked',
      resourceType: 'api_key',
      resourceId: key.id,
      changes: { reason: { to: 'creator_removed' } },
    });
  }
}

/** A demoted member's keys that now hold more than the member get the member's new role. */
async function downgradeKeysOf(
  ctx: OpContext,
  userId: string,
  role: { id: string; name: string; permissions: string[] },
): Promise<void> {
  const keys = await ctx.db
    .select({ id: apiKeys.id, roleName: roles.name, permissions: roles.permissions })
    .from(apiKeys)
    .innerJoin(roles, eq(roles.id, apiKeys.roleId))
    .where(
      and(
        eq(apiKeys.accountId, ctx.accountId),
        eq(apiKeys.createdByUserId, userId),
        isNull(apiKeys.revokedAt),
      ),
    );
  for (const key of keys) {
    if (grantsNoMoreThan(role.permissions, key.permissions)) continue;
    await ctx.db
      .update(apiKeys)
      .set({ roleId: role.id, updatedAt: new Date() })
      .where(eq(apiKeys.id, key.id));
    await auditOp(ctx, ctx.db, {
      action: 'api_key.downgraded',
      resourceType: 'api_key',
      resourceId: key.id,
      changes: { role: { from: key.roleName, to: role.name } },
    });
  }
}

type MemberRow = Awaited<ReturnType<typeof membersQuery>>[number];
