import { describe, expect, it } from 'vitest';
import { byDayAndChannel, dayLabels, lastDays, totals } from './stats';

describe('dashboard stats', () => {
  it('lists the last days of a time zone oldest first', () => {
    const now = new Date('2027-03-01T10:00:00Z');
    expect(lastDays(3, 'UTC', now)).toEqual(['2027-02-27', '2027-02-28', '2027-03-01']);
    // At noon UTC it is already 2 March in Auckland (UTC+13); at 04:00 UTC still 28 February in Honolulu.
    expect(lastDays(2, 'Pacific/Auckland', new Date('2027-03-01T12:00:00Z'))).toEqual([
      '2027-03-01',
      '2027-03-02',
    ]);
    expect(lastDays(2, 'Pacific/Honolulu', new Date('2027-03-01T04:00:00Z'))).toEqual([
      '2027-02-27',
      '2027-02-28',
    ]);
  });

  it('names days for the axis and in full', () => {
    expect(dayLabels('2026-12-06')).toEqual({ label: '6 Dec', title: 'Sun, 6 Dec 2026' });
  });

  it('adds up totals and the delivery rate, none when nothing was sent', () => {
    expect(totals([])).toEqual({ sent: 0, delivered: 0, failed: 0, rate: null });
    expect(
      totals([
        { sent: 4, delivered: 3, failed: 1 },
        { sent: 6, delivered: 6, failed: 0 },
      ]),
    ).toEqual({
      sent: 10,
      delivered: 9,
      failed: 1,
      rate: 0.9,
    });
  });

  it('stacks sends per day and channel', () => {
    const row = (period: string, channel_id: string, sent: number) => ({
      period,
      channel_id,
      sent,
      delivered: 0,
      failed: 0,
      delivery_rate: null,
    });
    const chart = byDayAndChannel(
      [row('2027-03-01T00:00:00Z', 'a', 2), row('2027-03-01', 'b', 3), row('2027-03-02', 'a', 1)],
      ['2027-03-01', '2027-03-02'],
    );
    expect(chart.channels).toEqual(['a', 'b']);
    expect(chart.grid).toEqual([
      { day: '2027-03-01', values: [2, 3] },
      { day: '2027-03-02', values: [1, 0] },
    ]);
    expect(chart.max).toBe(5);
  });
});
