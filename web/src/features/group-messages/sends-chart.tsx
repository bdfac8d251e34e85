import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { GroupMessage } from '../../api/types';
import { BarChart, type ChartBucket } from '../../components/bar-chart';
import { Skeleton } from '../../components/ui/skeleton';
import { dayLabels } from '../dashboard/stats';

type Interval = 'minute' | 'hour' | 'day';

/** Minutes for a broadcast of up to 3 hours, hours up to 10 days, then days. */
export function intervalFor(
  g: Pick<GroupMessage, 'started_at' | 'completed_at'>,
  now = Date.now(),
): Interval {
  // Progress events carry counters, not started_at: a broadcast seen starting live has just started.
  if (!g.started_at) return 'minute';
  const span = (g.completed_at ? Date.parse(g.completed_at) : now) - Date.parse(g.started_at);
  if (span <= 3 * 3_600_000) return 'minute';
  return span <= 10 * 86_400_000 ? 'hour' : 'day';
}

/** Names a bucket: its time ("09:05") under the axis, date and time in full, in the zone. */
function bucketLabels(start: string, interval: Interval, timeZone: string) {
  if (interval === 'day') return dayLabels(start);
  const at = new Date(start);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const full = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return { label: time.format(at), title: full.format(at) };
}

const SERIES = [
  { key: 'sent', label: 'Sent', fill: 'fill-info', swatch: 'bg-info' },
  { key: 'delivered', label: 'Delivered', fill: 'fill-success', swatch: 'bg-success' },
  { key: 'failed', label: 'Failed', fill: 'fill-danger', swatch: 'bg-danger' },
];

/**
 * Sent, delivered and failed per minute (hour, day) of a broadcast, from `GET /v1/stats/messages`
 * with group_message_id. Refetched as the broadcast's counters move (they follow the live stream or
 * polling): at every 2% of the recipients in any counter and at every status change.
 */
export function SendsChart({ group: g }: { group: GroupMessage }) {
  const interval = intervalFor(g);
  const step = Math.max(1, g.total_recipients / 50);
  const progress = [g.status, g.sent_count, g.delivered_count, g.failed_count].map((v) =>
    typeof v === 'number' ? Math.floor(v / step) : v,
  );
  const stats = useQuery({
    queryKey: ['stats', 'broadcast', g.id, interval, ...progress],
    queryFn: () =>
      unwrap(api.GET('/v1/stats/messages', { params: { query: { group_message_id: g.id, interval } } })),
    placeholderData: keepPreviousData,
  });
  const data = stats.data;
  const buckets: ChartBucket[] =
    data?.items.map((b) => ({
      key: b.period_start,
      ...bucketLabels(b.period_start, data.interval as Interval, data.timezone),
      values: [b.sent, b.delivered, b.failed],
    })) ?? [];
  return (
    <section aria-labelledby="sends-heading" className="mb-6 rounded-lg border border-border bg-surface p-4">
      <h2 id="sends-heading" className="mb-3 text-sm font-semibold">
        Sends over time{data ? ` (per ${data.interval}, ${data.timezone})` : ''}
      </h2>
      {stats.error ? (
        <p role="alert" className="text-sm text-danger">
          {stats.error.message}
        </p>
      ) : data ? (
        <BarChart
          testId="sends-chart"
          title={`${g.name}: messages sent, delivered and failed per ${data.interval}`}
          summary={`${data.totals.sent} sent, ${data.totals.delivered} delivered, ${data.totals.failed} failed over ${buckets.length} ${data.interval}s.`}
          layout="grouped"
          buckets={buckets}
          series={SERIES}
        />
      ) : (
        <Skeleton className="h-52 w-full" />
      )}
    </section>
  );
}
