import { Temporal } from '@js-temporal/polyfill';
import { wallClockToInstant } from './occurrences.js';

/**
 * The first instant at or after `from` whose wall-clock time in `zone` is `clock` (`HH:MM`): today's
 * when it has not passed there yet, else tomorrow's. Wall clock, so DST-exact (09:00 is 09:00 local
 * on the day of a change); a time inside a spring-forward gap moves forward by the gap (02:30 →
 * 03:30), a repeated one is its first occurrence, as schedules do (see occurrences.ts). Null when
 * `zone` is not a zone this runtime knows.
 */
export function nextLocalTime(from: Date, zone: string, clock: string): Date | null {
  let day: Temporal.PlainDate;
  try {
    day = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  } catch {
    return null;
  }
  const time = Temporal.PlainTime.from(clock);
  const today = wallClockToInstant(day.toPlainDateTime(time), zone);
  if (today.getTime() >= from.getTime()) return today;
  return wallClockToInstant(day.add({ days: 1 }).toPlainDateTime(time), zone);
}
