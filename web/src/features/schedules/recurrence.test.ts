import { describe, expect, it } from 'vitest';
import { describeSchedule, formatInZone, fromRule, toRule } from './recurrence';

const at = (rule: string | null, local = '2027-03-15T09:00:00', timezone = 'Africa/Addis_Ababa') => ({
  recurrence_rule: rule,
  is_recurring: rule !== null,
  scheduled_local: local,
  timezone,
});

describe('recurrence', () => {
  it('builds the API rules and reads them back', () => {
    expect(toRule({ kind: 'weekly', days: ['fri', 'mon'] })).toBe('weekly:mon,fri');
    expect(toRule({ kind: 'monthly', day: 15 })).toBe('monthly:15');
    expect(toRule({ kind: 'cron', expression: ' 0 9 * * 1-5 ' })).toBe('cron:0 9 * * 1-5');
    expect(toRule({ kind: 'once' })).toBeUndefined();
    expect(fromRule('weekly:mon,wed')).toEqual({ kind: 'weekly', days: ['mon', 'wed'] });
    expect(fromRule('cron:0 9 * * *')).toEqual({ kind: 'cron', expression: '0 9 * * *' });
  });

  it('says a schedule in words', () => {
    expect(describeSchedule(at('weekly:mon'))).toBe('Every Monday at 09:00, Africa/Addis_Ababa');
    expect(describeSchedule(at('weekly:mon,wed,fri'))).toBe(
      'Every Monday, Wednesday and Friday at 09:00, Africa/Addis_Ababa',
    );
    expect(describeSchedule(at('daily', '2027-01-01T18:30:00', 'UTC'))).toBe('Every day at 18:30, UTC');
    expect(describeSchedule(at('monthly:31'))).toBe('Every month on day 31 at 09:00, Africa/Addis_Ababa');
    expect(describeSchedule(at(null))).toBe('Once on 2027-03-15 at 09:00, Africa/Addis_Ababa');
  });

  it('formats an instant in a given zone', () => {
    expect(formatInZone('2027-03-15T06:00:00.000Z', 'Africa/Addis_Ababa')).toBe('Mon, 15 Mar 2027, 09:00');
  });
});
