import { and, count, eq, inArray } from 'drizzle-orm';
import { createAudited, deleteAudited, resourceAuditor, updateAudited } from '../../audit/record-audit.js';
import type { DbOrTx } from '../../db/client.js';
import { violatedUniqueIndex } from '../../db/errors.js';
import { contactGroupMembers, contactGroups } from '../../db/schema/index.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList } from '../../http/list-query.js';
import type { ContactGroup, ContactGroupCreate, ContactGroupUpdate } from './schemas.js';

type GroupRow = typeof contactGroups.$inferSelect;

export const groupList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: contactGroups.id },
    name: { type: 'text', column: contactGroups.name },
    description: { type: 'text', column: contactGroups.description },
    created_at: { type: 'timestamp', column: contactGroups.createdAt },
    updated_at: { type: 'timestamp', column: contactGroups.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: contactGroups.id,
};

export function toContactGroup(row: GroupRow, contactCount: number): ContactGroup {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    contact_count: contactCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const scoped = (ctx: OpContext, id: string) =>
  and(eq(contactGroups.id, id), eq(contactGroups.accountId, ctx.accountId));

const AUDITED_FIELDS = ['name', 'description'] as const;

const groupAudit = resourceAuditor('contact_group', (row: GroupRow) => row, AUDITED_FIELDS);

function nameTaken(error: unknown): never {
  if (violatedUniqueIndex(error) === 'contact_groups_account_name_key') {
    throw new ConflictError('A contact group with this name exists', 'contact_group_name_taken');
  }
  throw error;
}

/** Member counts of several groups in one grouped query; groups without members are absent. */
export async function countMembers(
  db: DbOrTx,
  accountId: string,
  groupIds: string[],
): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .select({ groupId: contactGroupMembers.groupId, n: count() })
    .from(contactGroupMembers)
    .where(and(eq(contactGroupMembers.accountId, accountId), inArray(contactGroupMembers.groupId, groupIds)))
    .groupBy(contactGroupMembers.groupId);
  return new Map(rows.map((r) => [r.groupId, r.n]));
}

async function withCount(ctx: OpContext, row: GroupRow): Promise<ContactGroup> {
  const counts = await countMembers(ctx.db, ctx.accountId, [row.id]);
  return toContactGroup(row, counts.get(row.id) ?? 0);
}

export async function listGroups(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(ctx.db, contactGroups, eq(contactGroups.accountId, ctx.accountId), parsed);
  const counts = await countMembers(
    ctx.db,
    ctx.accountId,
    page.rows.map((r) => r.id),
  );
  return {
    items: page.rows.map((r) => toContactGroup(r, counts.get(r.id) ?? 0)),
    total: page.total,
    total_is_estimate: page.totalIsEstimate,
    page: page.page,
    page_size: page.page_size,
  };
}

/** A group of the caller's account, or 404. */
export async function requireGroup(ctx: OpContext, id: string): Promise<GroupRow> {
  const [row] = await ctx.db.select().from(contactGroups).where(scoped(ctx, id));
  if (!row) throw new NotFoundError('Contact group');
  return row;
}

export async function getGroup(ctx: OpContext, id: string): Promise<ContactGroup> {
  return withCount(ctx, await requireGroup(ctx, id));
}

export async function createGroup(ctx: OpContext, input: ContactGroupCreate): Promise<ContactGroup> {
  try {
    const row = await createAudited(ctx, groupAudit, (tx) =>
      tx.db
        .insert(contactGroups)
        .values({ accountId: ctx.accountId, name: input.name, description: input.description ?? null })
        .returning(),
    );
    return toContactGroup(row, 0);
  } catch (error) {
    nameTaken(error);
  }
}

export async function updateGroup(
  ctx: OpContext,
  id: string,
  input: ContactGroupUpdate,
): Promise<ContactGroup> {
  let row: GroupRow;
  try {
    row = await updateAudited(
      ctx,
      'Contact group',
      groupAudit,
      (tx) => tx.db.select().from(contactGroups).where(scoped(ctx, id)).for('update'),
      (tx) =>
        tx.db
          .update(contactGroups)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            updatedAt: new Date(),
          })
          .where(scoped(ctx, id))
          .returning(),
    );
  } catch (error) {
    nameTaken(error);
  }
  return withCount(ctx, row);
}

/** Deletes a group and its memberships (foreign key cascade); the contacts stay. */
export async function deleteGroup(ctx: OpContext, id: string): Promise<void> {
  await deleteAudited(ctx, 'Contact group', groupAudit, (tx) =>
    tx.db.delete(contactGroups).where(scoped(ctx, id)).returning(),
  );
}
