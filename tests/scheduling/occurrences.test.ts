import { afterEach, describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  listOccurrences,
  nextOccurrence,
  resolveScheduledAt,
  type ScheduleTiming,
} from '../../src/scheduling/occurrences.js';
import { parseRecurrenceRule, RecurrenceRuleError } from '../../src/scheduling/recurrence-rule.js';
import { OCCURRENCE_CASES, type OccurrenceCase } from './occurrence-table.js';

function timingOf(c: OccurrenceCase): ScheduleTiming {
  const { startAt, startLocal } = resolveScheduledAt(c.scheduledAt, c.timeZone);
  return {
    startAt,
    startLocal,
    timeZone: c.timeZone,
    rule: c.rule === null ? null : parseRecurrenceRule(c.rule),
    endAt: c.endAt ? new Date(c.endAt) : null,
  };
}

function occurrencesOf(c: OccurrenceCase): string[] {
  const timing = timingOf(c);
  const from = c.from ? new Date(c.from) : timing.startAt;
  return listOccurrences(timing, { from, limit: c.count }).map((d) => d.toISOString());
}

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('occurrences across daylight-saving changes', () => {
  it.each(OCCURRENCE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(occurrencesOf(c)).toEqual(c.expected);
  });

  it('gives the same instants whatever the process TZ is', () => {
    const results: Record<string, string[][]> = {};
    for (const tz of ['Asia/Tokyo', 'UTC', 'America/Los_Angeles']) {
      process.env.TZ = tz;
      results[tz] = OCCURRENCE_CASES.map(occurrencesOf);
    }
    // The switch took effect: local Date fields differ between the runs.
    process.env.TZ = 'Asia/Tokyo';
    const tokyoHour = new Date('2027-01-01T00:00:00Z').getHours();
    process.env.TZ = 'UTC';
    expect(new Date('2027-01-01T00:00:00Z').getHours()).not.toBe(tokyoHour);
    expect(results['Asia/Tokyo']).toEqual(results.UTC);
    expect(results['America/Los_Angeles']).toEqual(results.UTC);
    expect(results.UTC).toEqual(OCCURRENCE_CASES.map((c) => c.expected));
  });

  it('walks a series one occurrence at a time with nextOccurrence', () => {
    const c = OCCURRENCE_CASES.find((x) => x.rule === 'cron:*/30 * * * *')!;
    const timing = timingOf(c);
    const walked: string[] = [];
    let at: Date | null = timing.startAt;
    walked.push(at.toISOString());
    while (walked.length < c.count) {
      at = nextOccurrence(timing, at);
      if (!at) break;
      walked.push(at.toISOString());
    }
    expect(walked).toEqual(c.expected);
  });

  it('a one-time schedule has no occurrence after its instant', () => {
    const timing = timingOf(OCCURRENCE_CASES.find((x) => x.rule === null)!);
    expect(nextOccurrence(timing, timing.startAt)).toBeNull();
  });

  it('a series past recurrence_end_at has no next occurrence', () => {
    const timing = timingOf(OCCURRENCE_CASES.find((x) => x.endAt)!);
    expect(nextOccurrence(timing, new Date('2027-03-15T05:00:00.000Z'))).toBeNull();
  });
});

describe('time zones and scheduled_at', () => {
  it('accepts IANA names (canonical case) and refuses unknown names and bare offsets', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('+03:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('reads scheduled_at without an offset as wall clock in the zone, with one as an instant', () => {
    expect(resolveScheduledAt('2027-06-01T09:00:00', 'Africa/Addis_Ababa')).toEqual({
      startAt: new Date('2027-06-01T06:00:00.000Z'),
      startLocal: '2027-06-01T09:00:00',
    });
    expect(resolveScheduledAt('2027-06-01T09:00:00Z', 'Africa/Addis_Ababa')).toEqual({
      startAt: new Date('2027-06-01T09:00:00.000Z'),
      startLocal: '2027-06-01T12:00:00',
    });
  });
});

describe('recurrence rules', () => {
  it.each([
    ['daily', { kind: 'daily' }],
    ['weekly:mon,wed,fri', { kind: 'weekly', days: [1, 3, 5] }],
    ['weekly:SUN,mon', { kind: 'weekly', days: [1, 7] }],
    ['monthly:15', { kind: 'monthly', day: 15 }],
    ['cron:0 9 * * 1-5', { kind: 'cron', expression: '0 9 * * 1-5', withSeconds: false }],
    ['cron:*/2  * * * * *', { kind: 'cron', expression: '*/2 * * * * *', withSeconds: true }],
    ['cron:0 9 * * THU', { kind: 'cron', expression: '0 9 * * THU', withSeconds: false }],
  ])('parses %s', (text, rule) => {
    expect(parseRecurrenceRule(text)).toEqual(rule);
  });

  it.each([
    'hourly',
    'daily:3',
    'weekly:',
    'weekly:mon,funday',
    'monthly:0',
    'monthly:32',
    'monthly:x',
    'cron:* * * *',
    'cron:* * * * * * *',
    'cron:@daily',
    'cron:61 * * * *',
    'cron:0 0 30 2 *',
    'cron:foo bar baz qux quux',
    // Jenkins' hashed values: another time at every reading of the rule.
    'cron:H 9 * * *',
    'cron:0 H/2 * * *',
    'cron:0 9 H(1-5) * *',
  ])('refuses %s', (text) => {
    expect(() => parseRecurrenceRule(text)).toThrow(RecurrenceRuleError);
  });
});
