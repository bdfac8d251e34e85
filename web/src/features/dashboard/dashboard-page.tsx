import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { fetchMessageStats } from '../../api/live-stats';
import { PageHeader } from '../../components/page-header';
import { ChannelStatusBadge } from '../../components/status-badge';
import { Skeleton } from '../../components/ui/skeleton';
import { cn } from '../../lib/cn';
import { useAllChannels, useChannelName } from '../channels/queries';
import { ProgressBar } from '../group-messages/progress';
import { useGroupMessages } from '../group-messages/queries';
import { useSchedules } from '../schedules/queries';
import { describeSchedule, formatInZone } from '../schedules/recurrence';
import { byDayAndChannel, lastDays, totals } from './stats';

const COLOURS = ['bg-primary', 'bg-info', 'bg-success', 'bg-warning', 'bg-danger', 'bg-muted'];
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
  const days = lastDays(14);
  // Days in the viewer's own zone, as lastDays() counts them.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const stats = useQuery({
    queryKey: ['stats', 'messages', days[0], timeZone],
    queryFn: () => fetchMessageStats(days[0]!, days.at(-1)!, timeZone),
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
      <PageHeader title="Dashboard" description="Today and the last 14 days across every channel." />
      <div className="grid gap-4 lg:grid-cols-2">
        {stats.isLoading ? (
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
          ) : rows.length === 0 ? (
            <p className="py-8 text-center text-sm text-muted" data-testid="chart-empty">
              No statistics yet: they appear once messages go out.
            </p>
          ) : (
            <>
              <div
                role="img"
                aria-label={`Messages sent per day over the last 14 days: ${chart.grid
                  .map((g) => `${g.day} ${g.values.reduce((a, b) => a + b, 0)}`)
                  .join(', ')}`}
                className="flex h-40 items-end gap-1"
              >
                {chart.grid.map((g) => (
                  <div key={g.day} className="flex h-full flex-1 flex-col-reverse" title={g.day}>
                    {g.values.map((v, i) =>
                      v > 0 ? (
                        <span
                          key={chart.channels[i]}
                          className={cn('w-full', COLOURS[i % COLOURS.length])}
                          style={{ height: `${(v / chart.max) * 100}%` }}
                        />
                      ) : null,
                    )}
                  </div>
                ))}
              </div>
              <ul className="mt-3 flex flex-wrap gap-4 text-xs" aria-label="Channels">
                {chart.channels.map((c, i) => (
                  <li key={c} className="flex items-center gap-1.5">
                    <span
                      aria-hidden
                      className={cn('h-2.5 w-2.5 rounded-full', COLOURS[i % COLOURS.length])}
                    />
                    {c === 'none' ? 'No channel' : channelName(c)}
                  </li>
                ))}
              </ul>
            </>
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
