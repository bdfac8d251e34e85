import { type SQL, sql } from 'drizzle-orm';
import { tryNormalizePhone } from '../../contacts/phone.js';
import { contactGroupMembers, contacts } from '../../db/schema/index.js';
import type { FilterOp, ListSpec } from '../../http/list-query.js';
import type { ListQuery } from '../../http/openapi.js';

/** Contacts that belong to at least one of the groups (through the membership primary key). */
function inAnyGroup(groupIds: unknown[]): SQL {
  return sql`EXISTS (SELECT 1 FROM ${contactGroupMembers} WHERE ${contactGroupMembers.contactId} = ${contacts.id} AND ${contactGroupMembers.accountId} = ${contacts.accountId} AND ${contactGroupMembers.groupId} IN (${sql.join(
    groupIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}))`;
}

export const contactList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: contacts.id },
    name: { type: 'text', column: contacts.name },
    first_name: { type: 'text', column: contacts.firstName },
    last_name: { type: 'text', column: contacts.lastName },
    phone: { type: 'text', column: contacts.phone },
    // lower(email) is what the unique index holds: equality filters use it, and values are lowercased.
    email: { type: 'text', column: sql`lower(${contacts.email})` },
    telegram_chat_id: { type: 'text', column: contacts.telegramChatId },
    messenger_psid: { type: 'text', column: contacts.messengerPsid },
    tags: { type: 'text_array', column: contacts.tags, sortable: false },
    person_id: { type: 'uuid', column: contacts.personId },
    group_id: {
      type: 'uuid',
      column: contacts.id,
      ops: ['eq', 'ne', 'in'],
      condition: (op: FilterOp, values: unknown[]) =>
        op === 'ne' ? sql`NOT ${inAnyGroup(values)}` : inAnyGroup(values),
    },
    created_at: { type: 'timestamp', column: contacts.createdAt },
    updated_at: { type: 'timestamp', column: contacts.updatedAt },
  },
  jsonb: { prefix: 'attributes', column: contacts.attributes },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: contacts.id,
};

const PHONE_VALUE_OPS = new Set(['eq', 'ne', 'in']);

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** True when some filter compares phone numbers (the caller then needs the account's default country). */
export function hasPhoneFilter(query: ListQuery): boolean {
  return asList(query.filter).some((f) => f.startsWith('phone:'));
}

/**
 * Rewrites phone and email filter values into the stored forms: `phone:eq:0911 234567` compares as
 * E.164 in the account's default country, and a `+` that a client left unencoded in the URL (read
 * back as a space) is restored. Email values are lowercased to match `lower(email)`.
 */
export function normalizeContactFilters(query: ListQuery, defaultCountry: string | null): ListQuery {
  if (query.filter === undefined) return query;
  const filter = asList(query.filter).map((raw) => {
    const [field, op, ...rest] = raw.split(':');
    if (op === undefined || rest.length === 0) return raw;
    const value = rest.join(':');
    if (field === 'email') return `email:${op}:${value.toLowerCase()}`;
    if (field !== 'phone' || op === 'is_null') return raw;
    const restored = value.replace(/(^|,) (?=\d)/g, '$1+');
    if (!PHONE_VALUE_OPS.has(op)) return `phone:${op}:${restored}`;
    const values = restored.split(',').map((v) => tryNormalizePhone(v, defaultCountry) ?? v);
    return `phone:${op}:${values.join(',')}`;
  });
  return { ...query, filter };
}
