import { describe, expect, it } from 'vitest';
import { byDayAndChannel, lastDays, totals } from './stats';

describe('dashboard stats', () => {
  it('lists the last local days oldest first', () => {
    expect(lastDays(3, new Date(2027, 2, 1, 10))).toEqual(['2027-02-27', '2027-02-28', '2027-03-01']);
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
