import { eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { accountUsers, auditLog } from '../db/schema/index.js';
import { NotFoundError } from '../errors.js';
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

function masked(field: string, value: unknown, personal: readonly string[]): unknown {
  if (value === undefined) return undefined;
  if (SECRET_FIELD.test(field)) return MASK;
  // Personal data (a contact's phone, an opt-out's address): that it changed, and whether it is set.
  if (personal.includes(field)) return value === null ? null : MASK;
  return value;
}

/**
 * The fields that differ between two snapshots (`{ field: { from, to } }`), secret ones masked. A
 * create passes no `before`, a delete no `after`; `fields` limits what is compared. Fields named in
 * `personal` are masked too (`null` stays `null`): the log says a phone changed, never the number.
 */
export function auditChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  fields: readonly string[],
  personal: readonly string[] = [],
): AuditChanges | undefined {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const from = before?.[field];
    const to = after?.[field];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field] = {
      ...(before ? { from: masked(field, from ?? null, personal) } : {}),
      ...(after ? { to: masked(field, to ?? null, personal) } : {}),
    };
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

type Snapshot = Record<string, unknown> & { id: string };

export type ResourceAuditor<Row> = (
  verb: string,
  before: Row | undefined,
  after: Row | undefined,
) => OpAuditEntry;

/**
 * Makes the audit entries of one resource type: `(verb, before, after)` gives action `TYPE.VERB`
 * and the fields that differ between the two rows as `present` shows them (see `auditChanges`);
 * a create passes no `before`, a delete no `after`.
 */
export function resourceAuditor<Row extends object>(
  resourceType: string,
  present: (row: Row) => Snapshot,
  fields: readonly string[],
  personal: readonly string[] = [],
): ResourceAuditor<Row> {
  return (verb, before, after) => {
    const from = before && present(before);
    const to = after && present(after);
    return {
      action: `${resourceType}.${verb}`,
      resourceType,
      resourceId: (to ?? from)!.id,
      changes: auditChanges(from, to, fields, personal),
    };
  };
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

/** An entry of a tenant operation: account, actor and client come from its context. */
export type OpAuditEntry = Omit<AuditEntry, 'accountId' | 'actor' | 'client'>;

/**
 * An `INSERT INTO audit_log` of one entry per row of the CTE `cte` (its `id` is the resource id),
 * for a statement that writes a change and its entry at once. Its values are placeholders (the
 * statement is compiled once): bind them with `auditValues`.
 */
export function auditInsertFrom(cte: string): SQL {
  const from = sql.identifier(cte);
  const value = (name: keyof ReturnType<typeof auditValues>) => sql.placeholder(name);
  return sql`INSERT INTO ${auditLog} (account_id, actor_type, actor_id, action, resource_type, resource_id, ip,
      user_agent, changes)
    SELECT ${value('audit_account_id')}::uuid, ${value('audit_actor_type')}, ${value('audit_actor_id')}::uuid,
      ${value('audit_action')}, ${value('audit_resource_type')}, ${from}.id::text, ${value('audit_ip')},
      ${value('audit_user_agent')}, ${value('audit_changes')}::jsonb
    FROM ${from}`;
}

/** The values of `auditInsertFrom`'s placeholders: account, actor and client from the context. */
export function auditValues(ctx: OpContext, entry: Omit<OpAuditEntry, 'resourceId'>) {
  return {
    audit_account_id: ctx.accountId,
    audit_actor_type: ctx.actor.type,
    audit_actor_id: actorId(ctx.actor),
    audit_action: entry.action,
    audit_resource_type: entry.resourceType,
    audit_ip: ctx.client?.ip ?? null,
    audit_user_agent: ctx.client?.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
    audit_changes: entry.changes ? JSON.stringify(entry.changes) : null,
  };
}

/** `entry` with why the change was made (`changes.reason`), when it was not asked for directly. */
export function withReason(entry: OpAuditEntry, reason: string | undefined): OpAuditEntry {
  return reason ? { ...entry, changes: { ...entry.changes, reason: { to: reason } } } : entry;
}

/** `recordAudit` for a tenant operation: account, actor and client come from the context. */
export function auditOp(ctx: OpContext, db: DbOrTx, entry: OpAuditEntry): Promise<void> {
  return recordAudit(db, { ...entry, accountId: ctx.accountId, actor: ctx.actor, client: ctx.client });
}

/**
 * Runs `change` in a transaction (a savepoint inside the caller's) with the context bound to it, and
 * records what `describe` makes of its result in that same transaction: both commit or neither.
 * `describe` may answer `undefined` when nothing changed (a bulk operation that touched no row).
 */
export function audited<T>(
  ctx: OpContext,
  change: (tx: OpContext) => Promise<T>,
  describe: (result: T) => OpAuditEntry | undefined,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const result = await change({ ...ctx, db: tx });
    const entry = describe(result);
    if (entry) await auditOp(ctx, tx, entry);
    return result;
  });
}

/**
 * Records an opt-out that a recipient made or withdrew themselves (a STOP or START keyword, an
 * unsubscribe link): actor `system`, the address masked like every opt-out's.
 */
export function auditRecipientOptOut(
  db: DbOrTx,
  entry: { accountId: string; verb: 'created' | 'deleted'; id: string; channelType: string; source: string },
): Promise<void> {
  const fields = { channel_type: entry.channelType, address: MASK, source: entry.source };
  const changes = Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [
      field,
      entry.verb === 'created' ? { to: value } : { from: value },
    ]),
  );
  return recordAudit(db, {
    accountId: entry.accountId,
    actor: { type: 'system' },
    action: `opt_out.${entry.verb}`,
    resourceType: 'opt_out',
    resourceId: entry.id,
    changes,
  });
}

/**
 * `insert` (an `INSERT INTO opt_outs ... ON CONFLICT DO NOTHING`, without RETURNING) made to record,
 * in the same statement, one audit entry per opt-out it inserted: actor `system`, the address masked.
 * For the opt-outs a provider reports (a refusal, a blocked bot, a hard bounce).
 */
export function withOptOutAudit(insert: SQL): SQL {
  return sql`WITH inserted AS (${insert} RETURNING id, account_id, channel_type, source)
    INSERT INTO audit_log (account_id, actor_type, action, resource_type, resource_id, changes)
    SELECT account_id, 'system', 'opt_out.created', 'opt_out', id::text,
      jsonb_build_object('channel_type', jsonb_build_object('to', channel_type),
        'address', jsonb_build_object('to', ${MASK}::text), 'source', jsonb_build_object('to', source))
    FROM inserted`;
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

/** Inserts with `insert` (returning the row) and records `TYPE.created`, in one transaction. */
export async function createAudited<Row extends object>(
  ctx: OpContext,
  audit: ResourceAuditor<Row>,
  insert: (tx: OpContext) => Promise<Row[]>,
): Promise<Row> {
  return audited(
    ctx,
    async (tx) => (await insert(tx))[0]!,
    (row) => audit('created', undefined, row),
  );
}

/**
 * Locks the row with `lock` (none: 404 naming `what`), changes it with `update` and records
 * `TYPE.updated` with what differs, in one transaction.
 */
export async function updateAudited<Row extends object>(
  ctx: OpContext,
  what: string,
  audit: ResourceAuditor<Row>,
  lock: (tx: OpContext) => Promise<Row[]>,
  update: (tx: OpContext, current: Row) => Promise<Row[]>,
): Promise<Row> {
  const [, row] = await audited(
    ctx,
    async (tx) => {
      const [current] = await lock(tx);
      if (!current) throw new NotFoundError(what);
      const [updated] = await update(tx, current);
      if (!updated) throw new NotFoundError(what);
      return [current, updated] as const;
    },
    ([current, updated]) => audit('updated', current, updated),
  );
  return row;
}

/** Deletes with `remove` (returning the row; none: 404 naming `what`) and records `TYPE.deleted`, in one transaction. */
export async function deleteAudited<Row extends object>(
  ctx: OpContext,
  what: string,
  audit: ResourceAuditor<Row>,
  remove: (tx: OpContext) => Promise<Row[]>,
): Promise<Row> {
  return audited(
    ctx,
    async (tx) => {
      const [deleted] = await remove(tx);
      if (!deleted) throw new NotFoundError(what);
      return deleted;
    },
    (row) => audit('deleted', row, undefined),
  );
}
