import { formatSystemDateTime, type SystemDateTime } from './system-time.js';

/** A contact as the renderer reads it (a `contacts` row fits). */
export type ContactValues = {
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  email?: string | null;
  attributes?: Record<string, unknown> | null;
};

/** Where values come from; every source is optional. */
export type RenderSources = {
  /** The send's own `variables`: custom overrides, first in line. */
  variables?: Record<string, unknown> | null;
  contact?: ContactValues | null;
  /** An `accounts` row fits: `ACCOUNT_NAME`, and the time zone of DATE/TIME. */
  account?: { name?: string | null; timezone?: string | null } | null;
  /** A `channels` row fits: `SENDER_NAME` is its `sender_name`. */
  sender?: { senderName?: string | null } | null;
  /** The schedule's IANA time zone; wins over the account's. */
  timezone?: string | null;
  /** The instant DATE and TIME describe (default: now). */
  now?: Date;
};

const CONTACT_FIELDS: Record<string, keyof ContactValues> = {
  NAME: 'name',
  FIRST_NAME: 'firstName',
  LAST_NAME: 'lastName',
  PHONE: 'phone',
  EMAIL: 'email',
};

/** A record's value under `name` (upper-cased), matching keys case-insensitively; own keys only. */
export function findValue(record: Record<string, unknown> | null | undefined, name: string): unknown {
  if (!record) return undefined;
  if (Object.hasOwn(record, name)) return record[name];
  // for-in allocates nothing (Object.keys would, per variable per recipient).
  for (const key in record) {
    if (key.length === name.length && Object.hasOwn(record, key) && key.toUpperCase() === name) {
      return record[key];
    }
  }
  return undefined;
}

/** The text of a value, or undefined when there is none (null, undefined and '' count as none). */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Resolves every variable, first match wins: the send's variables → the contact's fields → the
 * contact's attributes → the account → the sender → the system (DATE, TIME).
 */
export function resolveValues(
  variables: readonly string[],
  sources: RenderSources,
): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = Object.create(null);
  let clock: SystemDateTime | undefined;
  for (const name of variables) {
    let value = asText(findValue(sources.variables, name));
    const field = CONTACT_FIELDS[name];
    if (value === undefined && field && sources.contact) value = asText(sources.contact[field]);
    if (value === undefined) value = asText(findValue(sources.contact?.attributes, name));
    if (value === undefined && name === 'ACCOUNT_NAME') value = asText(sources.account?.name);
    if (value === undefined && name === 'SENDER_NAME') value = asText(sources.sender?.senderName);
    if (value === undefined && (name === 'DATE' || name === 'TIME')) {
      clock ??= formatSystemDateTime(
        sources.now?.getTime() ?? Date.now(),
        sources.timezone || sources.account?.timezone || 'UTC',
      );
      value = name === 'DATE' ? clock.date : clock.time;
    }
    values[name] = value;
  }
  return values;
}
