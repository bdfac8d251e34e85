import { Temporal } from '@js-temporal/polyfill';
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { QuietHours } from '../db/schema/tenancy.js';

// Countries number about 250: their zones are looked up once per process (Intl.Locale is not cheap).
const COUNTRY_ZONES = new Map<string, string | null>();

/** The zone of a country when it has exactly one (Ethiopia, Kenya, the UK); null for several (US, Russia). */
export function countryZone(country: string): string | null {
  let zone = COUNTRY_ZONES.get(country);
  if (zone === undefined) {
    const zones = (new Intl.Locale(`und-${country}`) as Intl.Locale & { timeZones?: string[] }).timeZones;
    zone = zones && zones.length === 1 ? zones[0]! : null;
    COUNTRY_ZONES.set(country, zone);
  }
  return zone;
}

// Calling code → the one country that uses it (251 → ET); codes shared by several countries (1, 7,
// 44) are absent. Built on first use.
let SOLE_COUNTRY: Map<string, string> | undefined;

function soleCountryOf(phone: string): string | undefined {
  if (!SOLE_COUNTRY) {
    const byCode = new Map<string, string[]>();
    for (const country of getCountries()) {
      const code = getCountryCallingCode(country);
      byCode.set(code, [...(byCode.get(code) ?? []), country]);
    }
    SOLE_COUNTRY = new Map(
      [...byCode].flatMap(([code, countries]) => (countries.length === 1 ? [[code, countries[0]!]] : [])),
    );
  }
  // Calling codes are prefix-free: one of the first three digits' prefixes is the number's code.
  for (let length = 1; length <= 3; length++) {
    const country = SOLE_COUNTRY.get(phone.slice(1, 1 + length));
    if (country) return country;
  }
  return undefined;
}

/**
 * The recipient's zone: the contact's own, else their phone number's country's (one-zone countries),
 * else the account's. A number whose calling code only one country uses is that country's without
 * being parsed (parsing costs about 4 µs, a broadcast asks once per recipient); a shared code's number
 * (+1, +7, +44) is parsed for its country.
 */
export function recipientZone(
  contactZone: string | null | undefined,
  phone: string | null | undefined,
  accountZone: string,
): string {
  if (contactZone) return contactZone;
  if (phone?.startsWith('+')) {
    const country = soleCountryOf(phone) ?? parsePhoneNumberFromString(phone)?.country;
    const zone = country ? countryZone(country) : null;
    if (zone) return zone;
  }
  return accountZone;
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * When the quiet window that `at` falls in ends, in `zone` (wall clock, so DST-exact: 08:00 is
 * 08:00 local on either side of a change), or null when `at` is outside the window. A window may
 * wrap midnight (21:00–08:00). An end time that does not exist that day (inside a spring-forward
 * gap) is the first minute after the gap.
 */
export function quietUntil(at: Date, zone: string, window: QuietHours): Date | null {
  let local: Temporal.ZonedDateTime;
  try {
    local = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone);
  } catch {
    return null; // not a zone this runtime knows: no window applies
  }
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const [hour, minute] = window.end.split(':').map(Number) as [number, number];
  // The end today, or tomorrow when the window wrapped past midnight and we are after its start.
  const day = now < end ? local.toPlainDate() : local.toPlainDate().add({ days: 1 });
  // 'compatible': a wall-clock time in a spring-forward gap moves forward by the gap.
  const opening = day.toZonedDateTime({
    timeZone: zone,
    plainTime: Temporal.PlainTime.from({ hour, minute }),
  });
  return new Date(opening.epochMilliseconds);
}
