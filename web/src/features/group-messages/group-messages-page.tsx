import { Link, useNavigate } from '@tanstack/react-router';
import type { GroupMessage } from '../../api/types';
import { type Column, DataTable, parseSort, RowLink, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { NativeSelect } from '../../components/ui/input';
import { formatDateTime } from '../../lib/format';
import { apiListQuery } from '../../lib/list-search';
import { GROUP_STATUSES, groupMessagesRoute } from '../../router';
import { useChannelName } from '../channels/queries';
import { useCan } from '../shell/use-context';
import { GroupStatusBadge, ProgressBar } from './progress';
import { useGroupMessages } from './queries';

const DEFAULT_SORT = 'created_at:desc';

export function GroupMessagesPage() {
  const search = groupMessagesRoute.useSearch();
  const navigate = useNavigate({ from: '/broadcasts' });
  const canSend = useCan('group_messages:send');
  const channelName = useChannelName();
  const query = apiListQuery(
    search,
    [search.status && `status:eq:${search.status}`, search.q && `name:icontains:${search.q}`],
    DEFAULT_SORT,
  );
  const groups = useGroupMessages(query);
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });
  const columns: Column<GroupMessage>[] = [
    {
      id: 'name',
      header: 'Name',
      sortField: 'name',
      // On a phone the status sits under the name: three columns would scroll sideways.
      cell: (g) => (
        <div className="flex flex-col items-start gap-1">
          <RowLink to="/broadcasts/$groupMessageId" params={{ groupMessageId: g.id }}>
            {g.name}
          </RowLink>
          <span className="sm:hidden">
            <GroupStatusBadge status={g.status} />
          </span>
        </div>
      ),
      className: 'wrap-anywhere',
    },
    {
      id: 'status',
      header: 'Status',
      sortField: 'status',
      cell: (g) => <GroupStatusBadge status={g.status} />,
      className: 'hidden sm:table-cell',
    },
    {
      id: 'progress',
      header: 'Progress',
      cell: (g) => <ProgressBar group={g} />,
      className: 'w-1/2 sm:w-auto sm:min-w-48',
    },
    {
      id: 'channel',
      header: 'Channel',
      cell: (g) => channelName(g.channel_id),
      className: 'hidden md:table-cell',
    },
    {
      id: 'created_at',
      header: 'Created',
      sortField: 'created_at',
      cell: (g) => formatDateTime(g.created_at),
      className: 'hidden lg:table-cell whitespace-nowrap',
    },
  ];
  const newButton = canSend && (
    <Button asChild>
      <Link to="/broadcasts/new">New broadcast</Link>
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Broadcasts"
        description="One message to many contacts. Progress updates live while a broadcast runs."
        actions={newButton}
      />
      <fieldset className="mb-4 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="sr-only">Filters</legend>
        <SearchInput
          label="Search by name"
          className="w-full"
          value={search.q}
          onChange={(q) => update({ q })}
        />
        <NativeSelect
          aria-label="Status"
          value={search.status ?? ''}
          onChange={(e) => update({ status: (e.target.value || undefined) as typeof search.status })}
        >
          <option value="">Any status</option>
          {GROUP_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </NativeSelect>
      </fieldset>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Broadcasts"
          columns={columns}
          {...tableState(groups)}
          rowKey={(g) => g.id}
          sort={parseSort(search.sort, { field: 'created_at', direction: 'desc' })}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(g) =>
            void navigate({ to: '/broadcasts/$groupMessageId', params: { groupMessageId: g.id } })
          }
          empty={
            search.status || search.q ? (
              <EmptyState
                title="No broadcast matches these filters"
                action={
                  <Button variant="secondary" onClick={() => update({ status: undefined, q: undefined })}>
                    Clear filters
                  </Button>
                }
              />
            ) : (
              <EmptyState
                title="No broadcasts yet"
                description="Send one message to a group of contacts, now or later, and watch it go out."
                action={newButton}
              />
            )
          }
        />
        {groups.data && groups.data.total > 0 && (
          <Pagination
            page={groups.data.page}
            pageSize={groups.data.page_size}
            total={groups.data.total}
            onChange={(p) => update(p)}
          />
        )}
      </div>
    </>
  );
}
