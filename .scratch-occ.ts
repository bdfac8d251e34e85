import { Temporal } from '@js-temporal/polyfill';
import { CronExpressionParser } from 'cron-parser';
import { listOccurrences, nextOccurrence, resolveScheduledAt } from './src/scheduling/occurrences.js';
import { parseRecurrenceRule } from './src/scheduling/recurrence-rule.js';

const bench = (name: string, n: number, f: (i: number) => void) => {
  for (let i = 0; i < 200; i++) f(i);
  const t = performance.now();
  for (let i = 0; i < n; i++) f(i);
  console.log(name, (((performance.now() - t) / n) * 1000).toFixed(1), 'us');
};
const start = resolveScheduledAt(new Date().toISOString(), 'Africa/Addis_Ababa');
const timing = {
  ...start,
  timeZone: 'Africa/Addis_Ababa',
  rule: parseRecurrenceRule('cron:5/30 * * * * *'),
  endAt: null,
};
const daily = { ...start, timeZone: 'Europe/Berlin', rule: parseRecurrenceRule('daily'), endAt: null };
bench('cron next', 500, (i) => nextOccurrence(timing, new Date(Date.now() + i * 1000)));
bench('daily next', 500, (i) => nextOccurrence(daily, new Date(Date.now() + i * 86400000)));
bench(
  'toZonedDateTime',
  2000,
  (i) =>
    Temporal.PlainDateTime.from({ year: 2027, month: 3, day: 14, hour: 2, minute: i % 60 }).toZonedDateTime(
      'Europe/Berlin',
      { disambiguation: 'compatible' },
    ).epochMilliseconds,
);
bench(
  'instant->zdt offset',
  2000,
  (i) =>
    Temporal.Instant.fromEpochMilliseconds(1_800_000_000_000 + i * 1000).toZonedDateTimeISO('Europe/Berlin')
      .offsetNanoseconds,
);
bench('cron parse', 2000, (i) =>
  CronExpressionParser.parse('5/30 * * * * *', {
    currentDate: new Date(1_800_000_000_000 + i * 1000),
    tz: 'UTC',
  }),
);
const it = CronExpressionParser.parse('5/30 * * * * *', {
  currentDate: new Date(1_800_000_000_000),
  tz: 'UTC',
});
bench('cron next()', 2000, () => it.next());
const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
bench('Intl formatToParts', 2000, (i) => fmt.formatToParts(1_800_000_000_000 + i * 1000));
