import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { accountUsers, auditLog } from '../db/schema/index.js';
import type { OpContext, SystemActor } from '../http/context.js';

/** Where a change came from: the client address (TRUSTED_PROXIES applied) and its User-Agent. */
export type AuditClient = { ip: string | undefined; userAgent: string | undefined };

/** Who acted: an HTTP actor (extra fields ignored), or a user known only by id (a sign-in). */
export type AuditActor =
  | { type: 'user'; userId: string }
  | { type: 'api_key'; apiKeyId: string }
  | SystemActor;

export type AuditEntry = {
  accountId: string;
  actor: AuditActor;
  action: string;
  resourceType: string;
  resourceId?: string | null | undefined;
  client?: AuditClient | undefined;
  changes?: AuditChanges | undefined;
};

export type AuditChanges = Record<string, { from?: unknown; to?: unknown }>;

// Field names whose values are never recorded, only that they changed.
const SECRET_FIELD = /pass|secret|token|credential|key_hash|token_hash|^key$|api_key|auth/i;
const MASK = '••••';
// A User-Agent is the client's to choose: keep it short.
const MAX_USER_AGENT = 256;

function actorId(actor: AuditActor): string | null {
  if (actor.type === 'user') return actor.userId;
  if (actor.type === 'api_key') return actor.apiKeyId;
  return null;
}

function masked(field: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  return SECRET_FIELD.test(field) ? MASK : value;
}

/**
 * The fields that differ between two snapshots (`{ field: { from, to } }`), secret ones masked. A
 * create passes no `before`, a delete no `after`; `fields` limits what is compared.
 */
export function auditChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  fields: readonly string[],
): AuditChanges | undefined {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const from = before?.[field];
    const to = after?.[field];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field] = {
      ...(before ? { from: masked(field, from ?? null) } : {}),
      ...(after ? { to: masked(field, to ?? null) } : {}),
    };
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** Writes one audit entry on `db`: pass the change's transaction, so both commit or neither. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    accountId: entry.accountId,
    actorType: entry.actor.type,
    actorId: actorId(entry.actor),
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    ip: entry.client?.ip ?? null,
    userAgent: entry.client?.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
    changes: entry.changes ?? null,
  });
}

/** `recordAudit` for a tenant operation: account, actor and client come from the context. */
export function auditOp(
  ctx: OpContext,
  db: DbOrTx,
  entry: Omit<AuditEntry, 'accountId' | 'actor' | 'client'>,
): Promise<void> {
  return recordAudit(db, { ...entry, accountId: ctx.accountId, actor: ctx.actor, client: ctx.client });
}

/** Writes `entry` once in every account the user belongs to (sign-ins are not account-scoped). */
export async function auditUserAccounts(
  db: DbOrTx,
  userId: string,
  entry: Omit<AuditEntry, 'accountId' | 'actor'>,
): Promise<void> {
  const memberships = await db
    .select({ accountId: accountUsers.accountId })
    .from(accountUsers)
    .where(eq(accountUsers.userId, userId));
  for (const { accountId } of memberships) {
    await recordAudit(db, { ...entry, accountId, actor: { type: 'user', userId } });
  }
}
