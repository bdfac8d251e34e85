import type { MessageStatsRow } from '../../api/live-stats';

export type DayTotals = { day: string; sent: number; delivered: number; failed: number };
export type Totals = { sent: number; delivered: number; failed: number; rate: number | null };

/** The last `days` local days as YYYY-MM-DD, oldest first. */
export function lastDays(days: number, now = new Date()): string[] {
  return Array.from({ length: days }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1 - i));
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
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
