import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';

import type { GroupMessage } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable, parseSort, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Button } from '../../components/ui/button';
import { EmptyState, ErrorState } from '../../components/ui/empty-state';
import { NativeSelect } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { formatDateTime } from '../../lib/format';
import { groupMessageRoute } from '../../router';
import { useChannelName } from '../channels/queries';
import { useMessageColumns } from '../messages/message-columns';
import { useMessages } from '../messages/queries';
import { useCan } from '../shell/use-context';
import { ApprovalButtons, ApprovalNotice, useMayDecide } from './approval';
import { useExpectedRecipients } from './audience';
import { beforeFanout, cancelledBeforeFanout, expectedText, GroupStatusBadge, ProgressBar } from './progress';
import { FINISHED, useGroupMessage, useGroupMessageAction } from './queries';
import { SendsChart } from './sends-chart';

const RECIPIENT_STATUSES: { value: string; label: string; filter?: string }[] = [
  { value: '', label: 'All recipients' },
  { value: 'pending', label: 'Pending', filter: 'status:in:scheduled,queued,sending' },
  { value: 'sent', label: 'Sent', filter: 'status:eq:sent' },
  { value: 'delivered', label: 'Delivered', filter: 'status:eq:delivered' },
  { value: 'failed', label: 'Failed', filter: 'status:in:failed,permanently_failed' },
  { value: 'skipped', label: 'Skipped', filter: 'status:eq:skipped' },
  { value: 'cancelled', label: 'Cancelled', filter: 'status:eq:cancelled' },
];

function DecisionButtons({ group }: { group: GroupMessage }) {
  return useMayDecide(group) ? <ApprovalButtons group={group} /> : null;
}

function ApprovalSection({ group }: { group: GroupMessage }) {
  return <ApprovalNotice group={group} mayDecide={useMayDecide(group)} />;
}

/** The counters, the bar and the dates; before fan-out, the audience the broadcast expects. */
function ProgressSection({ group: g }: { group: GroupMessage }) {
  const expected = useExpectedRecipients(g);
  return (
    <section
      aria-labelledby="progress-heading"
      className="mb-6 rounded-lg border border-border bg-surface p-4"
    >
      <h2 id="progress-heading" className="mb-3 text-sm font-semibold">
        Progress
      </h2>
      <ProgressBar group={g} showLegend expected={expected} />
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted">Recipients</dt>
          <dd data-testid="count-total">
            {cancelledBeforeFanout(g)
              ? 'None: cancelled before sending'
              : !beforeFanout(g)
                ? g.total_recipients.toLocaleString()
                : expected === undefined
                  ? 'Not counted yet'
                  : expectedText(expected)}
          </dd>
        </div>
        <div>
          <dt className="text-muted">Scheduled for</dt>
          <dd>{formatDateTime(g.scheduled_at)}</dd>
        </div>
        <div>
          <dt className="text-muted">Started</dt>
          <dd>{formatDateTime(g.started_at)}</dd>
        </div>
        <div>
          <dt className="text-muted">Finished</dt>
          <dd>{formatDateTime(g.completed_at)}</dd>
        </div>
      </dl>
      {g.template_id && (
        <p className="mt-3 text-sm">
          <Link
            to="/templates/$templateId"
            params={{ templateId: g.template_id }}
            className="text-primary underline"
          >
            View the message template
          </Link>
        </p>
      )}
    </section>
  );
}

export function GroupMessagePage() {
  const { groupMessageId: id } = groupMessageRoute.useParams();
  const navigate = useNavigate();
  const canSend = useCan('group_messages:send');
  const group = useGroupMessage(id);
  const action = useGroupMessageAction(id);
  const channelName = useChannelName();
  const columns = useMessageColumns();
  const [status, setStatus] = useState('');
  const [page, setPage] = useState({ page: 1, page_size: 20 });
  const [sort, setSort] = useState('created_at:desc');
  const filter = RECIPIENT_STATUSES.find((s) => s.value === status)?.filter;
  const recipients = useMessages({
    page: String(page.page),
    page_size: String(page.page_size),
    sort,
    filter: [`group_message_id:eq:${id}`, ...(filter ? [filter] : [])],
  });

  // The recipients table follows the counters: refetched at every ~5% of progress and status change.
  const g0 = group.data;
  const step = g0
    ? `${g0.status}:${Math.floor((g0.total_recipients - g0.pending_count) / Math.max(1, g0.total_recipients / 20))}`
    : '';
  const refetchRecipients = recipients.refetch;
  useEffect(() => {
    if (step) void refetchRecipients();
  }, [step, refetchRecipients]);

  if (group.error && !group.data)
    return <ErrorState error={group.error} onRetry={() => void group.refetch()} />;
  if (!group.data) return <Skeleton className="h-96 w-full" />;
  const g = group.data;
  const finished = FINISHED.includes(g.status);

  return (
    <>
      <PageHeader
        title={g.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <GroupStatusBadge status={g.status} />
            {g.channel_id && <span>via {channelName(g.channel_id)}</span>}
          </span>
        }
        actions={
          (canSend || g.status === 'pending_approval') && (
            <>
              {g.status === 'pending_approval' && <DecisionButtons group={g} />}
              {canSend && g.status === 'draft' && (
                <Button loading={action.isPending} onClick={() => action.mutate('start')}>
                  Start sending
                </Button>
              )}
              {canSend && finished && g.failed_count > 0 && (
                <Button
                  variant="secondary"
                  loading={action.isPending}
                  onClick={() => action.mutate('retry-failed')}
                >
                  Retry failed
                </Button>
              )}
              {canSend && !finished && (
                <ConfirmButton
                  label="Cancel broadcast"
                  title={`Cancel “${g.name}”?`}
                  description="Recipients not sent to yet will not be. Messages already sent stay sent."
                  confirmLabel="Cancel broadcast"
                  keepLabel="Keep sending"
                  onConfirm={() => action.mutateAsync('cancel')}
                />
              )}
            </>
          )
        }
      />
      <ApprovalSection group={g} />
      <ProgressSection group={g} />
      {(g.started_at || g.status === 'processing' || g.sent_count + g.failed_count > 0) && (
        <SendsChart group={g} />
      )}
      <section aria-labelledby="recipients-heading" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="recipients-heading" className="text-base font-semibold">
            Recipients
          </h2>
          <NativeSelect
            aria-label="Recipient status"
            className="sm:w-56"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage((p) => ({ ...p, page: 1 }));
            }}
          >
            {RECIPIENT_STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <DataTable
          caption="Recipients"
          columns={columns}
          {...tableState(recipients)}
          rowKey={(m) => m.id}
          sort={parseSort(sort, { field: 'created_at', direction: 'desc' })}
          onSortChange={(s) => setSort(`${s.field}:${s.direction}`)}
          onRowOpen={(m) => void navigate({ to: '/messages', search: { message: m.id } })}
          skeletonRows={4}
          empty={
            <EmptyState
              title={
                status
                  ? 'No recipient with this status'
                  : cancelledBeforeFanout(g)
                    ? 'No messages'
                    : 'No messages yet'
              }
              description={
                cancelledBeforeFanout(g)
                  ? 'The broadcast was cancelled before it was sent.'
                  : g.status === 'draft'
                    ? 'Messages are created when the broadcast starts.'
                    : g.status === 'pending_approval'
                      ? 'Messages are created once the broadcast is approved and starts.'
                      : 'Messages appear here as the broadcast fans out.'
              }
            />
          }
        />
        {recipients.data && recipients.data.total > 0 && (
          <Pagination
            page={recipients.data.page}
            pageSize={recipients.data.page_size}
            total={recipients.data.total}
            onChange={setPage}
          />
        )}
      </section>
    </>
  );
}
