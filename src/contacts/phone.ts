// `max` metadata: full per-country number patterns, so validity is checked against the real
// numbering plan (the default `min` build only checks lengths and accepts e.g. +251 21 123 4567,
// an unassigned Ethiopian range, or +49 0123 4567). Sending to a number that cannot exist costs a
// provider fee and a failed message; the extra metadata costs ~100 KB once and a few µs per parse.
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneFailureReason = 'empty' | 'too_long' | 'country_required' | 'invalid_country' | 'invalid';

export type PhoneResult =
  | { ok: true; e164: string }
  | { ok: false; reason: PhoneFailureReason; message: string };

// Longer input is never a phone number; the cap keeps a hostile CSV cell from costing parse time.
const MAX_INPUT_LENGTH = 64;

const MESSAGES: Record<PhoneFailureReason, string> = {
  empty: 'must not be empty',
  too_long: `must be at most ${MAX_INPUT_LENGTH} characters`,
  country_required:
    'is a national number: include the country code (+...) or set the account default_country_code',
  invalid_country: 'the default country code is not a known ISO 3166 alpha-2 code',
  invalid: 'is not a valid phone number',
};

const fail = (reason: PhoneFailureReason): PhoneResult => ({ ok: false, reason, message: MESSAGES[reason] });

/**
 * Normalizes a phone number to E.164. National numbers (no `+` or international prefix) are read
 * in `defaultCountry` (ISO 3166 alpha-2, e.g. the account's `default_country_code`). Pure and
 * synchronous: safe to call per row of a large import.
 */
export function normalizePhone(raw: string, defaultCountry?: string | null): PhoneResult {
  const input = raw.trim();
  if (input === '') return fail('empty');
  if (input.length > MAX_INPUT_LENGTH) return fail('too_long');
  if (!/\d/.test(input)) return fail('invalid');
  const wanted = defaultCountry ? defaultCountry.toUpperCase() : undefined;
  const country = wanted !== undefined && isSupportedCountry(wanted) ? wanted : undefined;
  const parsed = parsePhoneNumberFromString(input, country);
  if (!parsed) {
    if (input.startsWith('+') || country !== undefined) return fail('invalid');
    return fail(wanted === undefined ? 'country_required' : 'invalid_country');
  }
  // An extension cannot be dialled by an SMS or chat provider; storing it would be silently lossy.
  if (parsed.ext || !parsed.isValid()) return fail('invalid');
  return { ok: true, e164: parsed.number };
}

/** The E.164 form of `raw`, or `undefined` when it is not a valid number (for lookups and filters). */
export function tryNormalizePhone(raw: string, defaultCountry?: string | null): string | undefined {
  const result = normalizePhone(raw, defaultCountry);
  return result.ok ? result.e164 : undefined;
}
