import { Temporal } from '@js-temporal/polyfill';
import { CronExpressionParser } from 'cron-parser';
import type { RecurrenceRule } from './recurrence-rule.js';

/**
 * Occurrence arithmetic of scheduled messages: every instant a schedule runs at comes from here.
 *
 * Rules are read in the schedule's IANA time zone through Temporal (the TC39 polyfill), which takes
 * zone data from Intl and never from the process `TZ`. Wall-clock times map to instants with
 * Temporal's `compatible` disambiguation, which is the contract's rule: a time inside a spring gap
 * moves forward by the length of the gap (02:30 → 03:30), a time repeated in autumn runs once, at
 * its first occurrence. Two wall-clock times that land on the same instant run once.
 *
 * `monthly:N` runs on the month's last day in a month shorter than N days (monthly:31 → 30 April,
 * 28 or 29 February), so a "last day of the month" schedule never skips a month.
 */

/** When a schedule runs: its first instant, the wall-clock time it was given in, and its rule. */
export type ScheduleTiming = {
  /** The first instant a run may happen at. */
  startAt: Date;
  /** The wall-clock date-time of the first run in `timeZone` (ISO, no offset): recurrences keep its time of day. */
  startLocal: string;
  timeZone: string;
  /** null: one run, at `startAt`. */
  rule: RecurrenceRule | null;
  /** No run after this instant. */
  endAt: Date | null;
};

export type OccurrenceQuery = {
  /** Inclusive lower bound. */
  from: Date;
  /** Inclusive upper bound (besides the schedule's own end). */
  until?: Date;
  limit: number;
};

const DAY_MS = 86_400_000;
// A wall-clock time is never shifted by more than a day (Samoa skipped 30 December 2011 whole).
const MAX_SHIFT_MS = DAY_MS + 3_600_000;
// Bounds a search over a rule that matches rarely (a cron on 29 February, weekly on one day).
const MAX_CANDIDATES = 200_000;
const OFFSET_SUFFIX = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[zZ]|[+-]\d{2}:\d{2})?$/;

/** The canonical name of an IANA time zone, or null when it is unknown or a bare UTC offset. */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z]/.test(zone)) return null;
  try {
    return Temporal.Now.zonedDateTimeISO(zone).timeZoneId;
  } catch {
    return null;
  }
}

/** True for `YYYY-MM-DDTHH:mm[:ss[.fff]]`, with or without an offset. */
export function isScheduleDateTime(value: string): boolean {
  return DATE_TIME.test(value);
}

/** The instant of a wall-clock date-time in a zone (gap: forward by the gap; repeated: the first). */
export function wallClockToInstant(local: Temporal.PlainDateTime, timeZone: string): Date {
  return new Date(local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
}

/**
 * Reads a `scheduled_at`: with an offset it is that instant; without one it is wall-clock time in
 * `timeZone`. Returns the instant and the wall-clock time recurrences keep.
 */
export function resolveScheduledAt(value: string, timeZone: string): { startAt: Date; startLocal: string } {
  if (OFFSET_SUFFIX.test(value)) {
    const instant = Temporal.Instant.from(value);
    const local = instant.toZonedDateTimeISO(timeZone).toPlainDateTime();
    return { startAt: new Date(instant.epochMilliseconds), startLocal: local.toString() };
  }
  const local = Temporal.PlainDateTime.from(value);
  return { startAt: wallClockToInstant(local, timeZone), startLocal: local.toString() };
}

/** The schedule's run instants within the query, ascending, at most `limit`. */
export function listOccurrences(timing: ScheduleTiming, query: OccurrenceQuery): Date[] {
  const lower = Math.max(query.from.getTime(), timing.startAt.getTime());
  const until = Math.min(
    query.until?.getTime() ?? Number.POSITIVE_INFINITY,
    timing.endAt?.getTime() ?? Number.POSITIVE_INFINITY,
  );
  if (query.limit <= 0 || lower > until) return [];
  const window = { lower, until, limit: query.limit };
  const rule = timing.rule;
  if (rule === null) return lower === timing.startAt.getTime() ? [timing.startAt] : [];
  const found =
    rule.kind === 'cron'
      ? cronOccurrences(timing, rule.expression, window)
      : dayOccurrences(timing, rule, window);
  return found.map((ms) => new Date(ms));
}

/** The first run strictly after `after`, or null when the schedule has no more. */
export function nextOccurrence(timing: ScheduleTiming, after: Date): Date | null {
  return listOccurrences(timing, { from: new Date(after.getTime() + 1), limit: 1 })[0] ?? null;
}

/** The first run at or after `from`, or null. */
export function firstOccurrence(timing: ScheduleTiming, from: Date): Date | null {
  return listOccurrences(timing, { from, limit: 1 })[0] ?? null;
}

type Window = { lower: number; until: number; limit: number };

/** The zone's UTC offset at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;
}

function localDateAt(ms: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate();
}

/** Dates a daily, weekly or monthly rule runs on, from `first` on. */
function* ruleDates(
  rule: Exclude<RecurrenceRule, { kind: 'cron' }>,
  first: Temporal.PlainDate,
): Generator<Temporal.PlainDate> {
  if (rule.kind === 'monthly') {
    for (let month = first.toPlainYearMonth(); ; month = month.add({ months: 1 })) {
      const date = month.toPlainDate({ day: Math.min(rule.day, month.daysInMonth) });
      if (Temporal.PlainDate.compare(date, first) >= 0) yield date;
    }
  }
  for (let date = first; ; date = date.add({ days: 1 })) {
    if (rule.kind === 'daily' || rule.days.includes(date.dayOfWeek)) yield date;
  }
}

/**
 * Daily, weekly and monthly rules: one candidate per matching date at the schedule's wall-clock
 * time. Instants of successive dates never decrease (a shift is at most a day), so the walk stops at
 * the first candidate past the window.
 */
function dayOccurrences(
  timing: ScheduleTiming,
  rule: Exclude<RecurrenceRule, { kind: 'cron' }>,
  window: Window,
): number[] {
  const start = Temporal.PlainDateTime.from(timing.startLocal);
  const time = start.toPlainTime();
  // Begin a little before the window's local date: a shifted time may land after `lower`.
  const fromLocal = localDateAt(window.lower - MAX_SHIFT_MS, timing.timeZone);
  const first =
    Temporal.PlainDate.compare(fromLocal, start.toPlainDate()) > 0 ? fromLocal : start.toPlainDate();
  const found: number[] = [];
  let candidates = 0;
  for (const date of ruleDates(rule, first)) {
    if (++candidates > MAX_CANDIDATES) break;
    const ms = wallClockToInstant(date.toPlainDateTime(time), timing.timeZone).getTime();
    if (ms > window.until) break;
    if (ms < window.lower || ms === found[found.length - 1]) continue;
    found.push(ms);
    if (found.length >= window.limit) break;
  }
  return found;
}

/** A wall-clock date-time carried in a Date's UTC fields (so cron-parser walks it without a zone). */
function floatingToPlain(date: Date): Temporal.PlainDateTime {
  return new Temporal.PlainDateTime(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

/**
 * Cron rules: cron-parser walks wall-clock time with no zone (as if it were UTC), so a field such as
 * `30 2 * * *` names a local 02:30 on every date, DST or not; each match then maps to its instant.
 * A match inside a gap is shifted forward and may land after later matches, so results are sorted,
 * and the walk stops only at a match that was not shifted: from there on every instant is later.
 */
function cronOccurrences(timing: ScheduleTiming, expression: string, window: Window): number[] {
  const zone = timing.timeZone;
  // A local time l inside a gap maps to l − (offset before the gap); begin early enough to see it.
  const offset = Math.min(offsetAt(window.lower, zone), offsetAt(window.lower - MAX_SHIFT_MS, zone));
  const iterator = CronExpressionParser.parse(expression, {
    currentDate: new Date(window.lower + offset - 1000),
    tz: 'UTC',
  });
  const found = new Set<number>();
  for (let candidates = 0; candidates < MAX_CANDIDATES; candidates++) {
    let floating: Date;
    try {
      floating = iterator.next().toDate();
    } catch {
      break; // cron-parser found no further match within its own search limit
    }
    const local = floatingToPlain(floating);
    const zoned = local.toZonedDateTime(zone, { disambiguation: 'compatible' });
    const ms = zoned.epochMilliseconds;
    const shifted = !zoned.toPlainDateTime().equals(local);
    if (!shifted && ms > window.until) break;
    if (ms >= window.lower && ms <= window.until) found.add(ms);
    if (!shifted && found.size >= window.limit) {
      const sorted = [...found].sort((a, b) => a - b);
      if (ms >= sorted[window.limit - 1]!) break;
    }
  }
  return [...found].sort((a, b) => a - b).slice(0, window.limit);
}
