import type { MessageStatsRow } from '../../api/live-stats';

export type DayTotals = { day: string; sent: number; delivered: number; failed: number };
export type Totals = { sent: number; delivered: number; failed: number; rate: number | null };

/** The last `days` days in `timeZone` as YYYY-MM-DD, oldest first. */
export function lastDays(days: number, timeZone: string, now = new Date()): string[] {
  // en-CA writes dates as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  const noon = Date.parse(`${today}T12:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(noon - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

const dayFormat = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...options });
const shortDay = dayFormat({ day: 'numeric', month: 'short' });
const longDay = dayFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** A YYYY-MM-DD day as the chart names it: "6 Dec" under the axis, "Sun, 6 Dec 2026" in full. */
export function dayLabels(day: string): { label: string; title: string } {
  const date = new Date(`${day}T12:00:00Z`);
  return { label: shortDay.format(date), title: longDay.format(date) };
}

export function totals(rows: Pick<MessageStatsRow, 'sent' | 'delivered' | 'failed'>[]): Totals {
  const sum = rows.reduce(
    (acc, r) => ({
      sent: acc.sent + r.sent,
      delivered: acc.delivered + r.delivered,
      failed: acc.failed + r.failed,
    }),
    { sent: 0, delivered: 0, failed: 0 },
  );
  return { ...sum, rate: sum.sent > 0 ? sum.delivered / sum.sent : null };
}

/** Per day and per channel: the sent counts that the chart stacks. */
export function byDayAndChannel(rows: MessageStatsRow[], days: string[]) {
  const channels = [...new Set(rows.map((r) => r.channel_id ?? 'none'))];
  const grid = days.map((day) => ({
    day,
    values: channels.map((c) =>
      rows
        .filter((r) => r.period.slice(0, 10) === day && (r.channel_id ?? 'none') === c)
        .reduce((n, r) => n + r.sent, 0),
    ),
  }));
  return { channels, grid, max: Math.max(1, ...grid.map((g) => g.values.reduce((a, b) => a + b, 0))) };
}
