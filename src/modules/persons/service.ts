import { and, eq } from 'drizzle-orm';
import { createAudited, deleteAudited, resourceAuditor, updateAudited } from '../../audit/record-audit.js';
import { persons } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import type { Person, PersonCreate, PersonUpdate } from './schemas.js';

type PersonRow = typeof persons.$inferSelect;

export const personList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: persons.id },
    name: { type: 'text', column: persons.name },
    created_at: { type: 'timestamp', column: persons.createdAt },
    updated_at: { type: 'timestamp', column: persons.updatedAt },
  },
  jsonb: { prefix: 'attributes', column: persons.attributes },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: persons.id,
};

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    attributes: row.attributes as Person['attributes'],
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

// A person's name and attributes are personal data: recorded as changed, never their values.
const AUDITED_FIELDS = ['name', 'attributes'] as const;

const personAudit = resourceAuditor('person', (row: PersonRow) => row, AUDITED_FIELDS, AUDITED_FIELDS);

const scoped = (ctx: OpContext, id: string) => and(eq(persons.id, id), eq(persons.accountId, ctx.accountId));

export async function listPersons(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(ctx.db, persons, eq(persons.accountId, ctx.accountId), parsed);
  return presentPage(page, toPerson);
}

export async function getPerson(ctx: OpContext, id: string): Promise<PersonRow> {
  const [row] = await ctx.db.select().from(persons).where(scoped(ctx, id));
  if (!row) throw new NotFoundError('Person');
  return row;
}

export async function createPerson(ctx: OpContext, input: PersonCreate): Promise<PersonRow> {
  return createAudited(ctx, personAudit, (tx) =>
    tx.db
      .insert(persons)
      .values({ accountId: ctx.accountId, name: input.name, attributes: input.attributes ?? {} })
      .returning(),
  );
}

export async function updatePerson(ctx: OpContext, id: string, input: PersonUpdate): Promise<PersonRow> {
  return updateAudited(
    ctx,
    'Person',
    personAudit,
    (tx) => tx.db.select().from(persons).where(scoped(ctx, id)).for('update'),
    (tx) =>
      tx.db
        .update(persons)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.attributes !== undefined ? { attributes: input.attributes ?? {} } : {}),
          updatedAt: new Date(),
        })
        .where(scoped(ctx, id))
        .returning(),
  );
}

/** Deletes a person; its contacts stay and lose their `person_id` (foreign key SET NULL). */
export async function deletePerson(ctx: OpContext, id: string): Promise<void> {
  await deleteAudited(ctx, 'Person', personAudit, (tx) =>
    tx.db.delete(persons).where(scoped(ctx, id)).returning(),
  );
}
