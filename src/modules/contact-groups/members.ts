import { sql } from 'drizzle-orm';
import { audited } from '../../audit/record-audit.js';
import { isForeignKeyViolation } from '../../db/errors.js';
import { contactGroupMembers, contacts } from '../../db/schema/index.js';
import { ConflictError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { requireGroup } from './service.js';

type Change = { changed: number; not_found: string[] };

// The ids as a set with their first position, so `not_found` keeps the caller's order.
const inputIds = (ids: string[]) =>
  sql`SELECT id, min(ord) AS ord FROM unnest(${sql.param(ids)}::uuid[]) WITH ORDINALITY AS u(id, ord) GROUP BY id`;

/**
 * Runs a membership statement and records it as one audit entry (`verb`, with how many contacts
 * it changed, never which), in the same transaction; a statement that changed nothing records nothing.
 */
async function runChange(
  ctx: OpContext,
  groupId: string,
  verb: 'added' | 'removed',
  statement: ReturnType<typeof sql>,
): Promise<Change> {
  try {
    return await audited(
      ctx,
      async (tx) => {
        const row = (await tx.db.execute<Change>(statement)).rows[0];
        return { changed: Number(row?.changed ?? 0), not_found: row?.not_found ?? [] };
      },
      ({ changed }) =>
        changed === 0
          ? undefined
          : {
              action: `contact_group.members_${verb}`,
              resourceType: 'contact_group',
              resourceId: groupId,
              changes: { [`contacts_${verb}`]: { to: changed } },
            },
    );
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
    // The group or a contact was deleted while the statement ran: 404 if it was the group.
    await requireGroup(ctx, groupId);
    throw new ConflictError('A contact was deleted during the request; retry', 'contact_group_changed');
  }
}

/**
 * Adds contacts of the caller's account to a group in one statement; ids that are not contacts of
 * this account (unknown, or another tenant's) are returned in `not_found`, never inserted.
 */
export async function addMembers(ctx: OpContext, groupId: string, ids: string[]) {
  await requireGroup(ctx, groupId);
  const { changed, not_found } = await runChange(
    ctx,
    groupId,
    'added',
    sql`WITH input AS (${inputIds(ids)}),
      found AS (
        SELECT c.id FROM ${contacts} c JOIN input i ON i.id = c.id WHERE c.account_id = ${ctx.accountId}
      ),
      inserted AS (
        INSERT INTO ${contactGroupMembers} (group_id, contact_id, account_id)
        SELECT ${groupId}::uuid, f.id, ${ctx.accountId}::uuid FROM found f
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM inserted)::int AS changed,
        ARRAY(SELECT i.id::text FROM input i WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.id = i.id)
              ORDER BY i.ord) AS not_found`,
  );
  return { added: changed, not_found };
}

/** Removes contacts from a group in one statement; ids that are not contacts of this account come back in `not_found`. */
export async function removeMembers(ctx: OpContext, groupId: string, ids: string[]) {
  await requireGroup(ctx, groupId);
  const { changed, not_found } = await runChange(
    ctx,
    groupId,
    'removed',
    sql`WITH input AS (${inputIds(ids)}),
      removed AS (
        DELETE FROM ${contactGroupMembers} m USING input i
        WHERE m.group_id = ${groupId} AND m.account_id = ${ctx.accountId} AND m.contact_id = i.id
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM removed)::int AS changed,
        ARRAY(SELECT i.id::text FROM input i
              WHERE NOT EXISTS (SELECT 1 FROM ${contacts} c WHERE c.id = i.id AND c.account_id = ${ctx.accountId})
              ORDER BY i.ord) AS not_found`,
  );
  return { removed: changed, not_found };
}
