import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { fetchMessageStats } from '../../api/live-stats';
import { BarChart } from '../../components/bar-chart';
import { PageHeader } from '../../components/page-header';
import { ChannelStatusBadge } from '../../components/status-badge';
import { Skeleton } from '../../components/ui/skeleton';
import { cn } from '../../lib/cn';
import { useAllChannels, useChannelName } from '../channels/queries';
import { ProgressBar } from '../group-messages/progress';
import { useGroupMessages } from '../group-messages/queries';
import { useSchedules } from '../schedules/queries';
import { describeSchedule, formatInZone } from '../schedules/recurrence';
import { useAccount } from '../shell/use-context';
import { byDayAndChannel, dayLabels, lastDays, totals } from './stats';

const COLOURS = ['bg-primary', 'bg-info', 'bg-success', 'bg-warning', 'bg-danger', 'bg-muted'];
const FILLS = ['fill-primary', 'fill-info', 'fill-success', 'fill-warning', 'fill-danger', 'fill-muted'];
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

function Card({
  title,
  children,
  className,
}: {
  title: string;
  children: React.ReactNode;
  className?: string;
}) {
  const id = `card-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className={cn('rounded-lg border border-border bg-surface p-4', className)}>
      <h2 id={id} className="mb-3 text-sm font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Numbers({ label, sent, delivered, failed, rate }: { label: string } & ReturnType<typeof totals>) {
  return (
    <Card title={label}>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        {(
          [
            ['Sent', sent.toLocaleString()],
            ['Delivered', delivered.toLocaleString()],
            ['Failed', failed.toLocaleString()],
            ['Delivery rate', percent(rate)],
          ] as const
        ).map(([name, value]) => (
          <div key={name}>
            <dt className="text-muted">{name}</dt>
            <dd className="text-xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function DashboardPage() {
  const account = useAccount();
  // Days in the account's time zone (the API's default), once it is known.
  const timeZone = account.data?.timezone;
  const days = lastDays(14, timeZone ?? 'UTC');
  const stats = useQuery({
    queryKey: ['stats', 'messages', days[0], timeZone],
    queryFn: () => fetchMessageStats(days[0]!, days.at(-1)!, timeZone!),
    enabled: timeZone !== undefined,
    refetchInterval: 60_000,
  });
  const channelName = useChannelName();
  const channels = useAllChannels();
  const active = useGroupMessages({
    page: '1',
    page_size: '5',
    sort: 'created_at:desc',
    filter: ['status:in:queued,processing'],
  });
  const next = useSchedules({
    page: '1',
    page_size: '5',
    sort: 'next_trigger_at:asc',
    filter: ['status:in:pending,triggered'],
  });
  const rows = stats.data ?? [];
  const today = days.at(-1)!;
  const chart = byDayAndChannel(rows, days);
  const attention = (channels.data?.items ?? []).filter((c) => c.is_enabled && c.status !== 'connected');

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Today and the last 14 days across every channel${timeZone ? `, in ${timeZone}` : ''}.`}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        {stats.isPending ? (
          <>
            <Skeleton className="h-28 w-full" />
            <Skeleton className="h-28 w-full" />
          </>
        ) : (
          <>
            <Numbers label="Today" {...totals(rows.filter((r) => r.period.slice(0, 10) === today))} />
            <Numbers label="Last 14 days" {...totals(rows)} />
          </>
        )}
        <Card title="Sent per day, by channel" className="lg:col-span-2">
          {stats.error ? (
            <p className="text-sm text-danger">{(stats.error as Error).message}</p>
          ) : stats.isPending ? (
            <Skeleton className="h-52 w-full" />
          ) : rows.length === 0 ? (
            <p className="py-8 text-center text-sm text-muted" data-testid="chart-empty">
              No statistics yet: they appear once messages go out.
            </p>
          ) : (
            <BarChart
              testId="daily-chart"
              title={`Messages sent per day over the last 14 days, by channel (days in ${timeZone})`}
              summary={`${totals(rows).sent} sent in all; the most in one day: ${chart.max}.`}
              layout="stacked"
              buckets={chart.grid.map((g) => ({ key: g.day, ...dayLabels(g.day), values: g.values }))}
              series={chart.channels.map((c, i) => ({
                key: c,
                label: c === 'none' ? 'No channel' : channelName(c),
                fill: FILLS[i % FILLS.length]!,
                swatch: COLOURS[i % COLOURS.length]!,
              }))}
            />
          )}
        </Card>
        <Card title="Active broadcasts">
          {active.data?.items.length ? (
            <ul className="flex flex-col gap-3">
              {active.data.items.map((g) => (
                <li key={g.id} className="flex flex-col gap-1">
                  <Link
                    to="/broadcasts/$groupMessageId"
                    params={{ groupMessageId: g.id }}
                    className="text-sm font-medium hover:underline"
                  >
                    {g.name}
                  </Link>
                  <ProgressBar group={g} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted">No broadcast is running.</p>
          )}
        </Card>
        <Card title="Next scheduled runs">
          {next.data?.items.length ? (
            <ul className="flex flex-col gap-2 text-sm">
              {next.data.items.map((s) => (
                <li key={s.id}>
                  <Link
                    to="/schedules/$scheduleId"
                    params={{ scheduleId: s.id }}
                    className="font-medium hover:underline"
                  >
                    {s.name ?? 'Untitled schedule'}
                  </Link>
                  <span className="block text-xs text-muted">
                    {s.next_trigger_at ? formatInZone(s.next_trigger_at, undefined) : '—'} ·{' '}
                    {describeSchedule(s)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted">Nothing scheduled.</p>
          )}
        </Card>
        <Card title="Channels needing attention" className="lg:col-span-2">
          {attention.length ? (
            <ul className="flex flex-col gap-2 text-sm">
              {attention.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2">
                  <Link
                    to="/channels/$channelId"
                    params={{ channelId: c.id }}
                    className="font-medium hover:underline"
                  >
                    {c.name}
                  </Link>
                  <ChannelStatusBadge status={c.status} />
                  {c.error_message && <span className="text-xs text-muted">{c.error_message}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted">Every enabled channel is connected.</p>
          )}
        </Card>
      </div>
    </>
  );
}
