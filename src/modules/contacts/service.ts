import { and, eq } from 'drizzle-orm';
import { createAudited, deleteAudited, resourceAuditor, updateAudited } from '../../audit/record-audit.js';
import { normalizePhone } from '../../contacts/phone.js';
import type { DbOrTx } from '../../db/client.js';
import { isForeignKeyViolation, violatedUniqueIndex } from '../../db/errors.js';
import { accounts, contacts, persons } from '../../db/schema/index.js';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import type { Contact, ContactCreate, ContactUpdate } from './schemas.js';

type ContactRow = typeof contacts.$inferSelect;
type ContactValues = Partial<typeof contacts.$inferInsert>;

// The unique indexes of src/db/schema/contacts.ts, by name.
const CONFLICTS: Record<string, [message: string, code: string]> = {
  contacts_account_phone_key: [
    'Another contact in this account has this phone number',
    'contact_phone_taken',
  ],
  contacts_account_email_key: [
    'Another contact in this account has this email address',
    'contact_email_taken',
  ],
};

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    name: row.name,
    first_name: row.firstName,
    last_name: row.lastName,
    phone: row.phone,
    email: row.email,
    telegram_chat_id: row.telegramChatId,
    messenger_psid: row.messengerPsid,
    timezone: row.timezone,
    attributes: row.attributes as Contact['attributes'],
    tags: row.tags,
    person_id: row.personId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The account's `default_country_code`, used to read national phone numbers. */
export async function getDefaultCountry(db: DbOrTx, accountId: string): Promise<string | null> {
  const [row] = await db
    .select({ country: accounts.defaultCountryCode })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.country ?? null;
}

/** Validates what needs the database (phone country, person) and maps the input to columns. */
async function toContactValues(ctx: OpContext, input: ContactUpdate): Promise<ContactValues> {
  const problems: FieldError[] = [];
  const values: ContactValues = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.first_name !== undefined) values.firstName = input.first_name;
  if (input.last_name !== undefined) values.lastName = input.last_name;
  if (input.email !== undefined) values.email = input.email;
  if (input.telegram_chat_id !== undefined) values.telegramChatId = input.telegram_chat_id;
  if (input.messenger_psid !== undefined) values.messengerPsid = input.messenger_psid;
  if (input.timezone !== undefined) values.timezone = input.timezone;
  if (input.attributes !== undefined) values.attributes = input.attributes ?? {};
  if (input.tags !== undefined) values.tags = input.tags ?? [];
  if (input.phone === null) values.phone = null;
  if (typeof input.phone === 'string') {
    const result = normalizePhone(input.phone, await getDefaultCountry(ctx.db, ctx.accountId));
    if (result.ok) values.phone = result.e164;
    else problems.push({ path: 'phone', message: result.message });
  }
  if (input.person_id === null) values.personId = null;
  if (typeof input.person_id === 'string') {
    const [person] = await ctx.db
      .select({ id: persons.id })
      .from(persons)
      .where(and(eq(persons.id, input.person_id), eq(persons.accountId, ctx.accountId)));
    if (person) values.personId = person.id;
    else problems.push({ path: 'person_id', message: 'no such person in this account' });
  }
  if (problems.length > 0) throw new ValidationError('The contact is not acceptable', problems);
  return values;
}

function mapWriteError(error: unknown): never {
  const conflict = CONFLICTS[violatedUniqueIndex(error) ?? ''];
  if (conflict) throw new ConflictError(...conflict);
  // The person was deleted between the check and the write.
  if (isForeignKeyViolation(error)) {
    throw new ValidationError('The contact is not acceptable', [
      { path: 'person_id', message: 'no such person in this account' },
    ]);
  }
  throw error;
}

const AUDITED_FIELDS = [
  'name',
  'first_name',
  'last_name',
  'phone',
  'email',
  'telegram_chat_id',
  'messenger_psid',
  'timezone',
  'attributes',
  'tags',
  'person_id',
] as const;
// Personal data: the audit log records that these changed, never their values (docs/SECURITY.md).
const PERSONAL_FIELDS = AUDITED_FIELDS.filter((f) => f !== 'timezone' && f !== 'person_id');

/** What the audit log keeps of a contact change: which fields changed, personal values masked. */
const contactAudit = resourceAuditor('contact', toContact, AUDITED_FIELDS, PERSONAL_FIELDS);

export async function listContacts(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(ctx.db, contacts, eq(contacts.accountId, ctx.accountId), parsed);
  return presentPage(page, toContact);
}

export async function getContact(ctx: OpContext, id: string): Promise<ContactRow> {
  const [row] = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), eq(contacts.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('Contact');
  return row;
}

export async function createContact(ctx: OpContext, input: ContactCreate): Promise<ContactRow> {
  const values = await toContactValues(ctx, input);
  try {
    return await createAudited(ctx, contactAudit, (tx) =>
      tx.db
        .insert(contacts)
        .values({ ...values, accountId: ctx.accountId })
        .returning(),
    );
  } catch (error) {
    mapWriteError(error);
  }
}

export async function updateContact(ctx: OpContext, id: string, input: ContactUpdate): Promise<ContactRow> {
  const values = await toContactValues(ctx, input);
  const scope = and(eq(contacts.id, id), eq(contacts.accountId, ctx.accountId));
  try {
    return await updateAudited(
      ctx,
      'Contact',
      contactAudit,
      (tx) => tx.db.select().from(contacts).where(scope).for('update'),
      (tx) =>
        tx.db
          .update(contacts)
          .set({ ...values, updatedAt: new Date() })
          .where(scope)
          .returning(),
    );
  } catch (error) {
    mapWriteError(error);
  }
}

/** Deletes a contact; its group memberships go with it (foreign key cascade). */
export async function deleteContact(ctx: OpContext, id: string): Promise<void> {
  await deleteAudited(ctx, 'Contact', contactAudit, (tx) =>
    tx.db
      .delete(contacts)
      .where(and(eq(contacts.id, id), eq(contacts.accountId, ctx.accountId)))
      .returning(),
  );
}
