import { Link, useNavigate } from '@tanstack/react-router';
import type { ScheduledMessage } from '../../api/types';
import { type Column, DataTable, parseSort, RowLink, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Badge, type BadgeTone } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { NativeSelect } from '../../components/ui/input';
import { apiListQuery } from '../../lib/list-search';
import { SCHEDULE_STATUSES, schedulesRoute } from '../../router';
import { useCan } from '../shell/use-context';
import { useSchedules } from './queries';
import { describeSchedule, formatInZone } from './recurrence';

const TONES: Record<ScheduledMessage['status'], BadgeTone> = {
  pending: 'info',
  triggered: 'info',
  completed: 'success',
  failed: 'danger',
  paused: 'warning',
  cancelled: 'neutral',
};

export function ScheduleStatusBadge({ status }: { status: ScheduledMessage['status'] }) {
  return <Badge tone={TONES[status]}>{status}</Badge>;
}

export function SchedulesPage() {
  const search = schedulesRoute.useSearch();
  const navigate = useNavigate({ from: '/schedules' });
  const canSend = useCan('scheduled_messages:send');
  const schedules = useSchedules(
    apiListQuery(search, [search.status && `status:eq:${search.status}`], 'next_trigger_at:asc'),
  );
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });
  const columns: Column<ScheduledMessage>[] = [
    {
      id: 'name',
      header: 'Name',
      sortField: 'name',
      cell: (s) => (
        <RowLink to="/schedules/$scheduleId" params={{ scheduleId: s.id }}>
          {s.name ?? 'Untitled schedule'}
        </RowLink>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      sortField: 'status',
      cell: (s) => <ScheduleStatusBadge status={s.status} />,
    },
    { id: 'recurrence', header: 'When', cell: (s) => describeSchedule(s) },
    {
      id: 'next',
      header: 'Next run',
      sortField: 'next_trigger_at',
      className: 'whitespace-nowrap',
      cell: (s) => (s.next_trigger_at ? formatInZone(s.next_trigger_at, s.timezone) : '—'),
    },
    {
      id: 'runs',
      header: 'Runs',
      sortField: 'trigger_count',
      className: 'hidden md:table-cell tabular-nums',
      cell: (s) => s.trigger_count,
    },
  ];
  const newButton = canSend && (
    <Button asChild>
      <Link to="/schedules/new">New schedule</Link>
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Schedules"
        description="Messages and broadcasts that go out later, once or on a recurrence."
        actions={newButton}
      />
      <div className="mb-4 sm:w-56">
        <NativeSelect
          aria-label="Status"
          value={search.status ?? ''}
          onChange={(e) => update({ status: (e.target.value || undefined) as typeof search.status })}
        >
          <option value="">Any status</option>
          {SCHEDULE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Schedules"
          columns={columns}
          {...tableState(schedules)}
          rowKey={(s) => s.id}
          sort={parseSort(search.sort, { field: 'next_trigger_at', direction: 'asc' })}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(s) => void navigate({ to: '/schedules/$scheduleId', params: { scheduleId: s.id } })}
          empty={
            <EmptyState
              title={search.status ? 'No schedule with this status' : 'No schedules yet'}
              description="Send a reminder every Monday, a report each month, or one broadcast next week."
              action={newButton}
            />
          }
        />
        {schedules.data && schedules.data.total > 0 && (
          <Pagination
            page={schedules.data.page}
            pageSize={schedules.data.page_size}
            total={schedules.data.total}
            onChange={(p) => update(p)}
          />
        )}
      </div>
    </>
  );
}
