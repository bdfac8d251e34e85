import { Link, useNavigate } from '@tanstack/react-router';
import { DataTable, parseSort } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Input, NativeSelect } from '../../components/ui/input';
import { apiListQuery, dayStartIso } from '../../lib/list-search';
import { messagesRoute } from '../../router';
import { useAllChannels } from '../channels/queries';
import { useCan } from '../shell/use-context';
import { useMessageColumns } from './message-columns';
import { MessageSheet } from './message-sheet';
import { useMessages } from './queries';

const DEFAULT_SORT = 'created_at:desc';
const STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'permanently_failed',
  'cancelled',
  'skipped',
] as const;

export function MessagesPage() {
  const search = messagesRoute.useSearch();
  const navigate = useNavigate({ from: '/messages' });
  const channels = useAllChannels();
  // Filters map one to one onto the list-query syntax; the date range is local days.
  const query = apiListQuery(
    search,
    [
      search.status && `status:eq:${search.status}`,
      search.direction && `direction:eq:${search.direction}`,
      search.channel_id && `channel_id:eq:${search.channel_id}`,
      search.address && `delivery_address:icontains:${search.address}`,
      search.from && `created_at:ge:${dayStartIso(search.from)}`,
      search.to && `created_at:lt:${dayStartIso(search.to, true)}`,
    ],
    DEFAULT_SORT,
  );
  const messages = useMessages(query);
  const columns = useMessageColumns();
  const canSend = useCan('messages:send');
  const filtered = Boolean(
    search.status || search.direction || search.channel_id || search.address || search.from || search.to,
  );
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });

  return (
    <>
      <PageHeader
        title="Messages"
        description="Every message sent or received, with its delivery status. Statuses update while they change."
        actions={
          canSend && (
            <Button asChild>
              <Link to="/compose" search={{ channel_id: undefined, template_id: undefined }}>
                Compose
              </Link>
            </Button>
          )
        }
      />
      <fieldset className="mb-4 grid gap-2 sm:grid-cols-2 lg:grid-cols-6">
        <legend className="sr-only">Filters</legend>
        <NativeSelect
          aria-label="Status"
          value={search.status ?? ''}
          onChange={(e) => update({ status: (e.target.value || undefined) as typeof search.status })}
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          aria-label="Channel"
          value={search.channel_id ?? ''}
          onChange={(e) => update({ channel_id: e.target.value || undefined })}
        >
          <option value="">Any channel</option>
          {channels.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          aria-label="Direction"
          value={search.direction ?? ''}
          onChange={(e) => update({ direction: (e.target.value || undefined) as typeof search.direction })}
        >
          <option value="">Any direction</option>
          <option value="outbound">Outbound</option>
          <option value="inbound">Inbound</option>
          <option value="system">System</option>
        </NativeSelect>
        <SearchInput
          label="Recipient address"
          className="w-full"
          value={search.address}
          onChange={(address) => update({ address })}
        />
        <Input
          type="date"
          aria-label="From day"
          value={search.from ?? ''}
          max={search.to}
          onChange={(e) => update({ from: e.target.value || undefined })}
        />
        <Input
          type="date"
          aria-label="To day"
          value={search.to ?? ''}
          min={search.from}
          onChange={(e) => update({ to: e.target.value || undefined })}
        />
      </fieldset>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Messages"
          columns={columns}
          rows={messages.data?.items}
          rowKey={(m) => m.id}
          isLoading={messages.isLoading}
          error={messages.error}
          onRetry={() => void messages.refetch()}
          sort={parseSort(search.sort, { field: 'created_at', direction: 'desc' })}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(m) => void navigate({ search: (prev) => ({ ...prev, message: m.id }) })}
          empty={
            filtered ? (
              <EmptyState
                title="No message matches these filters"
                action={
                  <Button
                    variant="secondary"
                    onClick={() =>
                      update({
                        status: undefined,
                        direction: undefined,
                        channel_id: undefined,
                        address: undefined,
                        from: undefined,
                        to: undefined,
                      })
                    }
                  >
                    Clear filters
                  </Button>
                }
              />
            ) : (
              <EmptyState
                title="No messages yet"
                description="Messages you send, and replies your channels receive, appear here."
                action={
                  canSend && (
                    <Button asChild>
                      <Link to="/compose" search={{ channel_id: undefined, template_id: undefined }}>
                        Send a message
                      </Link>
                    </Button>
                  )
                }
              />
            )
          }
        />
        {messages.data && messages.data.total > 0 && (
          <Pagination
            page={messages.data.page}
            pageSize={messages.data.page_size}
            total={messages.data.total}
            onChange={(p) => update(p)}
          />
        )}
      </div>
      <MessageSheet
        id={search.message}
        onClose={() => void navigate({ search: (prev) => ({ ...prev, message: undefined }) })}
      />
    </>
  );
}
