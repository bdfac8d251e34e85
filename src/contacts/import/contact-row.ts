import { Email } from '../../modules/auth/schemas.js';
import {
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_ATTRIBUTES,
  MAX_ATTRIBUTES_BYTES,
  MAX_TAG_LENGTH,
  MAX_TAGS,
} from '../../modules/contacts/fields.js';
import { normalizePhone } from '../phone.js';
import type { ColumnMap } from './columns.js';

/** One valid CSV row, ready to upsert. Empty cells are absent: they never clear a stored value. */
export type ContactRow = {
  row: number;
  name?: string;
  firstName?: string;
  lastName?: string;
  /** E.164 */
  phone?: string;
  email?: string;
  telegramChatId?: string;
  tags: string[];
  /** Group names as written (first spelling wins when a group is created). */
  groups: string[];
  attributes: Record<string, string>;
};

/** A rejected row; `row` is 1 for the first data row after the header. */
export type RowError = { row: number; message: string };

export type RowResult = { ok: true; value: ContactRow } | { ok: false; error: RowError };

// The same limits as the contacts API (src/modules/contacts), so an imported contact could be saved there too.
const TEXT_LIMITS = { name: 200, first_name: 100, last_name: 100, telegram_chat_id: 100 } as const;
const MAX_GROUP_NAME = 200;
const MAX_GROUPS = 100;

/** `a; b;;a ` → `['a', 'b']`: trimmed, non-empty, first-seen order, case-sensitive like the API. */
function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** Validates one CSV record against the header mapping and the account's default country. */
export function readContactRow(
  record: string[],
  row: number,
  columns: ColumnMap,
  defaultCountry: string | null,
): RowResult {
  const fail = (message: string): RowResult => ({ ok: false, error: { row, message } });
  if (record.length !== columns.width) {
    return fail(`has ${record.length} fields; the header has ${columns.width}`);
  }
  const cell = (index: number | undefined) => (index === undefined ? '' : (record[index] ?? '').trim());
  const value: ContactRow = { row, tags: [], groups: [], attributes: {} };

  for (const [column, key] of [
    ['name', 'name'],
    ['first_name', 'firstName'],
    ['last_name', 'lastName'],
    ['telegram_chat_id', 'telegramChatId'],
  ] as const) {
    const text = cell(columns.known[column]);
    if (text.length > TEXT_LIMITS[column])
      return fail(`${column} is longer than ${TEXT_LIMITS[column]} characters`);
    if (text) value[key] = text;
  }

  const rawPhone = cell(columns.known.phone);
  if (rawPhone) {
    const phone = normalizePhone(rawPhone, defaultCountry);
    if (!phone.ok) return fail(`phone ${phone.message}`);
    value.phone = phone.e164;
  }
  const rawEmail = cell(columns.known.email);
  if (rawEmail) {
    if (!Email.safeParse(rawEmail).success) return fail('email is not a valid email address');
    value.email = rawEmail;
  }
  if (!value.phone && !value.email) return fail('has neither a phone nor an email');

  value.tags = splitList(cell(columns.known.tags));
  if (value.tags.length > MAX_TAGS) return fail(`has more than ${MAX_TAGS} tags`);
  if (value.tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
    return fail(`a tag is longer than ${MAX_TAG_LENGTH} characters`);
  }
  value.groups = splitList(cell(columns.known.groups));
  if (value.groups.length > MAX_GROUPS) return fail(`has more than ${MAX_GROUPS} groups`);
  if (value.groups.some((group) => group.length > MAX_GROUP_NAME)) {
    return fail(`a group name is longer than ${MAX_GROUP_NAME} characters`);
  }

  for (const { key, index } of columns.attributes) {
    const text = cell(index);
    if (!text) continue;
    if (text.length > MAX_ATTRIBUTE_VALUE_LENGTH) {
      return fail(`attribute ${key} is longer than ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`);
    }
    value.attributes[key] = text;
  }
  const problem = attributesProblem(value.attributes);
  if (problem) return fail(problem);
  return { ok: true, value };
}

/** Why a contact's attributes break the API's limits, or undefined when they fit. */
export function attributesProblem(attributes: Record<string, unknown>): string | undefined {
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) return `has more than ${MAX_ATTRIBUTES} attributes`;
  if (Buffer.byteLength(JSON.stringify(attributes)) > MAX_ATTRIBUTES_BYTES) {
    return `has more than ${MAX_ATTRIBUTES_BYTES} bytes of attributes`;
  }
  return undefined;
}
