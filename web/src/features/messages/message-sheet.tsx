import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { Message } from '../../api/types';
import { MessageStatusBadge } from '../../components/status-badge';
import { Button } from '../../components/ui/button';
import { ErrorState } from '../../components/ui/empty-state';
import { Sheet, SheetContent } from '../../components/ui/sheet';
import { Skeleton } from '../../components/ui/skeleton';
import { toast } from '../../components/ui/toast';
import { formatDateTime } from '../../lib/format';
import { useMessage } from './queries';

/** The moments a message went through, in order, from its own timestamps. */
function timeline(m: Message): { label: string; at: string }[] {
  const steps: [string, string | null][] = [
    ['Created', m.created_at],
    ['Scheduled for', m.scheduled_at ?? null],
    ['Sent', m.sent_at],
    ['Delivered', m.delivered_at],
    ['Failed', m.failed_at],
  ];
  return steps
    .filter((s): s is [string, string] => s[1] !== null)
    .map(([label, at]) => ({ label, at }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

function Details({ message }: { message: Message }) {
  const client = useQueryClient();
  const refresh = (updated: Message) => {
    client.setQueryData(['messages', 'one', updated.id], updated);
    void client.invalidateQueries({ queryKey: ['messages'] });
  };
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/messages/{id}/retry', { params: { path: { id: message.id } } })),
    onSuccess: (m) => {
      refresh(m);
      toast('Message queued again');
    },
    onError: (e) => toast('Could not retry', { tone: 'error', description: e.message }),
  });
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/v1/messages/{id}', {
          params: { path: { id: message.id } },
          body: { status: 'cancelled' },
        }),
      ),
    onSuccess: (m) => {
      refresh(m);
      toast('Message cancelled');
    },
    onError: (e) => toast('Could not cancel', { tone: 'error', description: e.message }),
  });

  return (
    <div className="flex flex-col gap-6 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <MessageStatusBadge status={message.status} />
        <span className="text-muted">{message.direction}</span>
        <span className="text-muted">· attempt {message.attempts}</span>
      </div>
      <div>
        <h3 className="mb-1 font-semibold">To</h3>
        <p className="break-all font-mono">{message.delivery_address ?? '—'}</p>
      </div>
      <div>
        <h3 className="mb-1 font-semibold">Message</h3>
        {message.subject && <p className="mb-1 font-medium">{message.subject}</p>}
        <p className="whitespace-pre-wrap break-words rounded-md bg-surface-2 p-3">{message.message_body}</p>
        <p className="mt-1 text-xs text-muted">
          {message.segments ?? '—'} segment{message.segments === 1 ? '' : 's'}
        </p>
      </div>
      <div>
        <h3 className="mb-2 font-semibold">Timeline</h3>
        <ol className="relative flex flex-col gap-3 border-l border-border pl-4">
          {timeline(message).map((step) => (
            <li key={step.label}>
              <span
                aria-hidden
                className="absolute -left-1.5 mt-1 h-3 w-3 rounded-full border-2 border-surface bg-primary"
              />
              <span className="font-medium">{step.label}</span>{' '}
              <time className="text-muted" dateTime={step.at}>
                {formatDateTime(step.at)}
              </time>
            </li>
          ))}
        </ol>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="text-muted">Message id</dt>
        <dd className="break-all font-mono text-xs">{message.id}</dd>
        <dt className="text-muted">Provider id</dt>
        <dd className="break-all font-mono text-xs">{message.provider_message_id ?? '—'}</dd>
      </dl>
      {message.error_details && Object.keys(message.error_details).length > 0 && (
        <div>
          <h3 className="mb-1 font-semibold text-danger">Error details</h3>
          <pre className="overflow-x-auto rounded-md bg-surface-2 p-3 text-xs">
            {JSON.stringify(message.error_details, null, 2)}
          </pre>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {message.status === 'permanently_failed' && (
          <Button onClick={() => retry.mutate()} loading={retry.isPending}>
            Retry
          </Button>
        )}
        {(message.status === 'queued' || message.status === 'scheduled') && (
          <Button variant="secondary" onClick={() => cancel.mutate()} loading={cancel.isPending}>
            Cancel message
          </Button>
        )}
      </div>
    </div>
  );
}

/** A message's details in a side sheet; its id lives in the URL (`?message=`) so it can be shared. */
export function MessageSheet({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const message = useMessage(id);
  return (
    <Sheet open={id !== undefined} onOpenChange={(open) => !open && onClose()}>
      <SheetContent
        title="Message"
        description={message.data ? `Created ${formatDateTime(message.data.created_at)}` : undefined}
      >
        {message.data ? (
          <Details message={message.data} />
        ) : message.error ? (
          <ErrorState error={message.error} onRetry={() => void message.refetch()} />
        ) : (
          <div className="flex flex-col gap-3">
            <Skeleton className="h-6 w-32" />
            <Skeleton className="h-24 w-full" />
            <Skeleton className="h-32 w-full" />
          </div>
        )}
      </SheetContent>
    </Sheet>
  );
}
