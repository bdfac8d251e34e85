import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps, users } from './identity.js';
import { accounts } from './tenancy.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index('persons_account_created_idx').on(t.accountId, t.createdAt)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** E.164 */
    phone: text('phone'),
    email: text('email'),
    telegramChatId: text('telegram_chat_id'),
    messengerPsid: text('messenger_psid'),
    /** IANA zone of the contact (quiet hours); else the phone number's country's, else the account's. */
    timezone: text('timezone'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('contacts_account_phone_key').on(t.accountId, t.phone).where(sql`${t.phone} IS NOT NULL`),
    uniqueIndex('contacts_account_email_key')
      .on(t.accountId, sql`lower(${t.email})`)
      .where(sql`${t.email} IS NOT NULL`),
    index('contacts_account_created_idx').on(t.accountId, t.createdAt),
    index('contacts_attributes_gin').using('gin', t.attributes),
    index('contacts_tags_gin').using('gin', t.tags),
  ],
);

export const contactGroups = pgTable(
  'contact_groups',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    ...timestamps,
  },
  (t) => [uniqueIndex('contact_groups_account_name_key').on(t.accountId, sql`lower(${t.name})`)],
);

export const contactGroupMembers = pgTable(
  'contact_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => contactGroups.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.contactId] }),
    index('contact_group_members_contact_idx').on(t.contactId),
  ],
);

export const CONTACT_IMPORT_STATUSES = ['receiving', 'queued', 'processing', 'completed', 'failed'] as const;

export const contactImports = pgTable(
  'contact_imports',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CONTACT_IMPORT_STATUSES }).notNull().default('receiving'),
    filename: text('filename'),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
    totalRows: integer('total_rows').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** The first errors, `{ row, message }`; `failed` counts them all. */
    errors: jsonb('errors').$type<{ row: number; message: string }[]>().notNull().default([]),
    errorMessage: text('error_message'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [index('contact_imports_account_created_idx').on(t.accountId, t.createdAt)],
);

/** The uploaded CSV, kept in PostgreSQL in chunks so any worker process can stream it after a crash. */
export const contactImportChunks = pgTable(
  'contact_import_chunks',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);
