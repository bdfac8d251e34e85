import { Link, useNavigate } from '@tanstack/react-router';
import type { Channel } from '../../api/types';
import { type Column, DataTable, parseSort } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { ChannelStatusBadge } from '../../components/status-badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { NativeSelect } from '../../components/ui/input';
import { formatRelative } from '../../lib/format';
import { apiListQuery } from '../../lib/list-search';
import { channelsRoute } from '../../router';
import { CHANNEL_TYPE_LABELS, PROVIDER_LABELS, useChannels } from './queries';

const DEFAULT_SORT = 'created_at:desc';

const columns: Column<Channel>[] = [
  {
    id: 'name',
    header: 'Name',
    sortField: 'name',
    cell: (c) => (
      <Link
        to="/channels/$channelId"
        params={{ channelId: c.id }}
        className="font-medium text-primary hover:underline"
      >
        {c.name}
      </Link>
    ),
  },
  { id: 'type', header: 'Type', sortField: 'channel_type', cell: (c) => CHANNEL_TYPE_LABELS[c.channel_type] },
  {
    id: 'provider',
    header: 'Provider',
    sortField: 'provider',
    cell: (c) => PROVIDER_LABELS[c.provider] ?? c.provider,
  },
  {
    id: 'status',
    header: 'Status',
    sortField: 'status',
    cell: (c) => <ChannelStatusBadge status={c.status} />,
  },
  {
    id: 'rate',
    header: 'Rate limit',
    sortField: 'rate_limit',
    className: 'tabular-nums',
    cell: (c) => (c.rate_limit === null ? 'Provider default' : `${c.rate_limit}/s`),
  },
  {
    id: 'verified',
    header: 'Last verified',
    sortField: 'last_verified_at',
    cell: (c) =>
      c.last_verified_at ? (
        <time dateTime={c.last_verified_at}>{formatRelative(c.last_verified_at)}</time>
      ) : (
        'Never'
      ),
  },
];

export function ChannelsPage() {
  const search = channelsRoute.useSearch();
  const navigate = useNavigate({ from: '/channels' });
  const query = apiListQuery(
    search,
    [
      search.q && `name:icontains:${search.q}`,
      search.channel_type && `channel_type:eq:${search.channel_type}`,
    ],
    DEFAULT_SORT,
  );
  const channels = useChannels(query);
  const filtered = Boolean(search.q || search.channel_type);
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });

  return (
    <>
      <PageHeader
        title="Channels"
        description="Where messages leave from: SMS providers, SMPP, Telegram, WhatsApp, Messenger, email and the sandbox."
        actions={
          <Button asChild>
            <Link to="/channels/new">New channel</Link>
          </Button>
        }
      />
      <div className="mb-4 flex flex-col gap-2 sm:flex-row">
        <SearchInput label="Search channels by name" value={search.q} onChange={(q) => update({ q })} />
        <NativeSelect
          aria-label="Channel type"
          className="sm:w-48"
          value={search.channel_type ?? ''}
          onChange={(e) =>
            update({ channel_type: (e.target.value || undefined) as typeof search.channel_type })
          }
        >
          <option value="">All types</option>
          {Object.entries(CHANNEL_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Channels"
          columns={columns}
          rows={channels.data?.items}
          rowKey={(c) => c.id}
          isLoading={channels.isLoading}
          error={channels.error}
          onRetry={() => void channels.refetch()}
          sort={parseSort(search.sort, parseSort(DEFAULT_SORT, { field: 'created_at', direction: 'desc' }))}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(c) => void navigate({ to: '/channels/$channelId', params: { channelId: c.id } })}
          empty={
            filtered ? (
              <EmptyState
                title="No channel matches these filters"
                action={
                  <Button
                    variant="secondary"
                    onClick={() => update({ q: undefined, channel_type: undefined })}
                  >
                    Clear filters
                  </Button>
                }
              />
            ) : (
              <EmptyState
                title="No channels yet"
                description="Add a channel to start sending. The sandbox channel needs no provider account and is the quickest way to try everything."
                action={
                  <Button asChild>
                    <Link to="/channels/new">Add your first channel</Link>
                  </Button>
                }
              />
            )
          }
        />
        {channels.data && channels.data.total > 0 && (
          <Pagination
            page={channels.data.page}
            pageSize={channels.data.page_size}
            total={channels.data.total}
            onChange={(p) => update({ ...p, page: p.page })}
          />
        )}
      </div>
    </>
  );
}
