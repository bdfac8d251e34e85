import { and, count, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { auditOp } from '../../audit/record-audit.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { accounts, accountUsers, invitations, roles, users } from '../../db/schema/index.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import type { ListSpec, ParsedList } from '../../http/list-query.js';
import type { Mailer } from '../../mail/mailer.js';
import type { Throttle, ThrottleRule } from '../../security/throttle.js';
import { randomToken, sha256Hex } from '../../security/tokens.js';
import { toAccount } from '../accounts/service.js';
import { grantsNoMoreThan } from '../roles/permissions.js';
import { actorPermissions, requireGrantableRole } from '../roles/service.js';

const INVITATION_TTL_MS = 7 * 86_400_000;
/** Invitations one account may send per hour: enough for onboarding a team, not for a spam run. */
export const INVITATIONS_PER_ACCOUNT: ThrottleRule = { limit: 20, windowSeconds: 3600 };
/** Invitations one address may receive per day, from all accounts together. */
export const INVITATIONS_PER_RECIPIENT: ThrottleRule = { limit: 3, windowSeconds: 86_400 };
const QUOTED_MAX = 80;

/**
 * Tenant-written text (an account or role name) as it may appear in mail sent under the platform's
 * name: one line, no control characters, cut short, in quotes, so it reads as data and never as an
 * instruction from us ("URGENT: reset your password at ...").
 */
export function quoteTenantText(text: string): string {
  const flat = [...text]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
    .join('')
    .replace(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > QUOTED_MAX ? `${flat.slice(0, QUOTED_MAX)}…` : flat;
  return JSON.stringify(cut);
}

/** The unique index that keeps one unanswered invitation per address in an account. */
const PENDING_PER_ADDRESS_INDEX = 'invitations_pending_email_key';

const pendingConflict = () =>
  new ConflictError('This address already has a pending invitation; withdraw it first', 'invitation_pending');

type InvitationRow = typeof invitations.$inferSelect;

function toInvitation(row: InvitationRow, role: { id: string; name: string }) {
  return {
    id: row.id,
    email: row.email,
    role,
    expires_at: row.expiresAt.toISOString(),
    accepted_at: row.acceptedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/** Invites an email address into the account with a role; the token goes only into the mail. */
export async function createInvitation(
  ctx: OpContext,
  deps: { config: Config; mailer: Mailer; throttle: Throttle },
  callerPermissions: string[],
  input: { email: string; role_id: string },
) {
  const role = await requireGrantableRole(ctx, callerPermissions, input.role_id);
  const email = input.email.trim().toLowerCase();
  const [pending] = await ctx.db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.accountId, ctx.accountId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  if (pending) throw pendingConflict();
  const [existing] = await ctx.db
    .select({ id: accountUsers.id })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, ctx.accountId), sql`lower(${users.email}) = ${email}`));
  if (existing) throw new ConflictError('This person is already a member', 'already_member');
  for (const [name, rule] of [
    [`invitations:account:${ctx.accountId}`, INVITATIONS_PER_ACCOUNT],
    [`invitations:recipient:${sha256Hex(email)}`, INVITATIONS_PER_RECIPIENT],
  ] as const) {
    const wait = await deps.throttle.acquire(name, rule);
    if (wait > 0) throw new RateLimitedError('Too many invitations; try again later', wait);
  }
  const token = `inv_${randomToken(32)}`;
  const row = await ctx.db
    .transaction(async (tx) => {
      // An expired invitation to the address no longer counts as pending: the new one replaces it.
      await tx
        .delete(invitations)
        .where(
          and(
            eq(invitations.accountId, ctx.accountId),
            sql`lower(${invitations.email}) = ${email}`,
            isNull(invitations.acceptedAt),
            lte(invitations.expiresAt, new Date()),
          ),
        );
      const [inserted] = await tx
        .insert(invitations)
        .values({
          accountId: ctx.accountId,
          email,
          roleId: role.id,
          tokenHash: sha256Hex(token),
          invitedByUserId: ctx.actor.type === 'user' ? ctx.actor.userId : null,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        })
        .returning();
      await auditOp(ctx, tx, {
        action: 'invitation.created',
        resourceType: 'invitation',
        resourceId: inserted!.id,
        changes: { email: { to: email }, role: { to: role.name } },
      });
      return inserted;
    })
    .catch((error: unknown) => {
      // Two invitations to one address at once both passed the check above: the index lets one in.
      if (isUniqueViolation(error, PENDING_PER_ADDRESS_INDEX)) throw pendingConflict();
      throw error;
    });
  const [account] = await ctx.db
    .select({ name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, ctx.accountId));
  // The subject carries no tenant text; the body quotes it as data, apart from our own words.
  await deps.mailer.send({
    to: email,
    subject: 'You are invited to a Turumba account',
    text: [
      'You have been invited to join an account on Turumba.',
      '',
      `Account name, as its members wrote it: ${quoteTenantText(account?.name ?? '')}`,
      `Role, as its members wrote it: ${quoteTenantText(role.name)}`,
      '',
      'Turumba did not write these names; ignore any instruction they seem to give.',
      `Sign in (or register with this address), then accept with this token: ${token}`,
      `${deps.config.publicBaseUrl}/v1/invitations/accept`,
      'The invitation expires in 7 days. If you did not expect it, ignore this mail.',
    ].join('\n'),
  });
  return toInvitation(row!, { id: role.id, name: role.name });
}

export const invitationList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: invitations.id },
    email: { type: 'text', column: invitations.email },
    role_id: { type: 'uuid', column: invitations.roleId },
    expires_at: { type: 'timestamp', column: invitations.expiresAt },
    created_at: { type: 'timestamp', column: invitations.createdAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: invitations.id,
};

/** Pending invitations of the account, one page at a time (newest first by default). */
export async function listInvitations(ctx: OpContext, parsed: ParsedList) {
  const where = and(
    eq(invitations.accountId, ctx.accountId),
    isNull(invitations.acceptedAt),
    gt(invitations.expiresAt, new Date()),
    parsed.where,
  );
  const [rows, counted] = await Promise.all([
    ctx.db
      .select({ invitation: invitations, roleName: roles.name })
      .from(invitations)
      .innerJoin(roles, eq(roles.id, invitations.roleId))
      .where(where)
      .orderBy(...parsed.orderBy)
      .limit(parsed.limit)
      .offset(parsed.offset),
    ctx.db.select({ total: count() }).from(invitations).where(where),
  ]);
  return {
    items: rows.map((r) => toInvitation(r.invitation, { id: r.invitation.roleId, name: r.roleName })),
    total: counted[0]?.total ?? 0,
    // A few rows per account: always counted exactly.
    total_is_estimate: false,
    page: parsed.page,
    page_size: parsed.pageSize,
  };
}

/** Withdraws a pending invitation; not one for a role that holds more than the caller's (403). */
export async function revokeInvitation(ctx: OpContext, id: string): Promise<void> {
  const [target] = await ctx.db
    .select({ permissions: roles.permissions })
    .from(invitations)
    .innerJoin(roles, eq(roles.id, invitations.roleId))
    .where(
      and(eq(invitations.id, id), eq(invitations.accountId, ctx.accountId), isNull(invitations.acceptedAt)),
    );
  if (!target) throw new NotFoundError('Invitation');
  if (!grantsNoMoreThan(await actorPermissions(ctx), target.permissions)) {
    throw new ForbiddenError('You cannot withdraw an invitation to a role above your own', 'role_escalation');
  }
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(invitations)
      .where(
        and(eq(invitations.id, id), eq(invitations.accountId, ctx.accountId), isNull(invitations.acceptedAt)),
      )
      .returning({ id: invitations.id });
    if (deleted.length === 0) throw new NotFoundError('Invitation');
    await auditOp(ctx, tx, { action: 'invitation.withdrawn', resourceType: 'invitation', resourceId: id });
  });
}

/** Accepts an invitation for the signed-in user, whose email must be the invited one. */
export async function acceptInvitation(db: Db, userId: string, token: string) {
  const invalid = () =>
    new ValidationError(
      'The invitation is invalid or has expired',
      [{ path: 'token', message: 'invalid or expired' }],
      'invalid_invitation',
    );
  const [row] = await db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, sha256Hex(token)));
  if (!row || row.acceptedAt || row.expiresAt.getTime() <= Date.now()) throw invalid();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.email.toLowerCase() !== row.email) {
    throw new ForbiddenError(
      'This invitation was sent to another email address',
      'invitation_email_mismatch',
    );
  }
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedByUserId: userId })
      .where(and(eq(invitations.id, row.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (claimed.length === 0) throw invalid();
    const inserted = await tx
      .insert(accountUsers)
      .values({ accountId: row.accountId, userId, roleId: row.roleId })
      .onConflictDoNothing()
      .returning({ id: accountUsers.id });
    if (inserted.length === 0)
      throw new ConflictError('You are already a member of this account', 'already_member');
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, row.accountId));
    const [role] = await tx
      .select({ id: roles.id, name: roles.name })
      .from(roles)
      .where(eq(roles.id, row.roleId));
    return { account: toAccount(account!), role: role! };
  });
}
