import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import type { Channel } from '../../api/types';
import { CopyButton } from '../../components/copy-button';
import { PageHeader } from '../../components/page-header';
import { ChannelStatusBadge } from '../../components/status-badge';
import { Button } from '../../components/ui/button';
import { ErrorState } from '../../components/ui/empty-state';
import { Skeleton } from '../../components/ui/skeleton';
import { toast } from '../../components/ui/toast';
import { formatDateTime } from '../../lib/format';
import { channelRoute } from '../../router';
import { ChannelForm } from './channel-form';
import { DeleteChannel } from './delete-channel';
import { CHANNEL_TYPE_LABELS, PROVIDER_LABELS, useChannel, useProviders } from './queries';
import { WEBHOOK_HINTS } from './webhook-hints';

function useChannelAction(channel: Channel) {
  const client = useQueryClient();
  const store = (updated: Channel) => {
    client.setQueryData(['channels', 'one', updated.id], updated);
    void client.invalidateQueries({ queryKey: ['channels'], exact: false, refetchType: 'none' });
  };
  const params = { params: { path: { id: channel.id } } };
  const verify = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/channels/{id}/verify', params)),
    onSuccess: (updated) => {
      store(updated);
      if (updated.status === 'connected')
        toast('Channel verified', { description: 'The provider accepted the credentials.' });
      else
        toast('Verification failed', { tone: 'error', description: updated.error_message ?? updated.status });
    },
    onError: (error) => toast('Could not verify', { tone: 'error', description: error.message }),
  });
  const toggle = useMutation({
    mutationFn: () =>
      unwrap(
        channel.is_enabled
          ? api.POST('/v1/channels/{id}/disable', params)
          : api.POST('/v1/channels/{id}/enable', params),
      ),
    onSuccess: (updated) => {
      store(updated);
      toast(updated.is_enabled ? 'Channel enabled' : 'Channel disabled');
    },
    onError: (error) => toast('Could not change the channel', { tone: 'error', description: error.message }),
  });
  return { verify, toggle, store };
}

function ChannelDetails({ channel }: { channel: Channel }) {
  const providers = useProviders();
  const navigate = useNavigate();
  const { verify, toggle, store } = useChannelAction(channel);
  const provider = providers.data?.items.find((p) => p.id === channel.provider);
  const webhooks = Object.entries(channel.webhook_urls).filter((entry): entry is [string, string] =>
    Boolean(entry[1]),
  );

  return (
    <div className="flex max-w-4xl flex-col gap-8">
      <PageHeader
        title={channel.name}
        description={`${CHANNEL_TYPE_LABELS[channel.channel_type]} · ${PROVIDER_LABELS[channel.provider] ?? channel.provider}`}
        actions={
          <>
            <Button variant="secondary" onClick={() => toggle.mutate()} loading={toggle.isPending}>
              {channel.is_enabled ? 'Disable' : 'Enable'}
            </Button>
            <Button onClick={() => verify.mutate()} loading={verify.isPending} disabled={!channel.is_enabled}>
              Verify
            </Button>
          </>
        }
      />

      <section aria-labelledby="status-heading" className="rounded-lg border border-border bg-surface p-4">
        <h2 id="status-heading" className="sr-only">
          Status
        </h2>
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-muted">Status</dt>
            <dd className="mt-1" data-testid="channel-status">
              <ChannelStatusBadge status={channel.status} />
            </dd>
          </div>
          <div>
            <dt className="text-muted">Last verified</dt>
            <dd className="mt-1">{formatDateTime(channel.last_verified_at)}</dd>
          </div>
          <div>
            <dt className="text-muted">Rate limit</dt>
            <dd className="mt-1">
              {channel.rate_limit === null ? "Provider's default" : `${channel.rate_limit} messages/s`}
            </dd>
          </div>
        </dl>
        {channel.error_message && (
          <p role="alert" className="mt-4 rounded-md border border-danger/50 px-3 py-2 text-sm text-danger">
            {channel.error_message}
          </p>
        )}
      </section>

      {webhooks.length > 0 && (
        <section aria-labelledby="webhooks-heading" className="flex flex-col gap-3">
          <h2 id="webhooks-heading" className="text-base font-semibold">
            Webhook URLs
          </h2>
          <p className="text-sm text-muted">
            Give these to the provider so delivery receipts and replies reach Turumba.
          </p>
          {webhooks.map(([kind, url]) => (
            <div key={kind} className="rounded-lg border border-border bg-surface p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm font-medium">
                  {kind === 'status' ? 'Delivery receipts' : 'Inbound messages'}
                </span>
                <code className="min-w-0 flex-1 basis-64 break-all rounded bg-surface-2 px-2 py-1 text-xs">
                  {url}
                </code>
                <CopyButton value={url} label={`Copy the ${kind} webhook URL`} />
              </div>
              {WEBHOOK_HINTS[channel.provider]?.[kind as 'status' | 'inbound'] && (
                <p className="mt-2 text-xs text-muted">
                  {WEBHOOK_HINTS[channel.provider]?.[kind as 'status' | 'inbound']}
                </p>
              )}
            </div>
          ))}
        </section>
      )}

      <section aria-labelledby="edit-heading" className="flex flex-col gap-4">
        <h2 id="edit-heading" className="text-lg font-semibold">
          Edit
        </h2>
        {provider ? (
          <ChannelForm
            key={channel.updated_at}
            provider={provider}
            channel={channel}
            submitLabel="Save changes"
            onSubmit={async (payload) => {
              const updated = await unwrap(
                api.PATCH('/v1/channels/{id}', { params: { path: { id: channel.id } }, body: payload }),
              );
              store(updated);
              toast('Channel saved');
            }}
          />
        ) : providers.error ? (
          <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
        ) : (
          <Skeleton className="h-64 w-full" />
        )}
      </section>

      <section
        aria-labelledby="danger-heading"
        className="flex flex-col gap-3 rounded-lg border border-danger/40 p-4"
      >
        <h2 id="danger-heading" className="text-base font-semibold text-danger">
          Delete channel
        </h2>
        <p className="text-sm text-muted">
          Its messages stay, without a channel. Broadcasts and schedules using it block the delete until they
          are cancelled.
        </p>
        <DeleteChannel channel={channel} onDeleted={() => void navigate({ to: '/channels' })} />
      </section>
    </div>
  );
}

export function ChannelPage() {
  const { channelId } = channelRoute.useParams();
  const channel = useChannel(channelId);
  if (channel.data) return <ChannelDetails channel={channel.data} />;
  if (channel.error) {
    if (channel.error instanceof ApiError && channel.error.status === 404) {
      return (
        <ErrorState
          error={new Error('This channel does not exist in this account (it may have been deleted).')}
          onRetry={() => void channel.refetch()}
        />
      );
    }
    return <ErrorState error={channel.error} onRetry={() => void channel.refetch()} />;
  }
  return (
    <div className="flex flex-col gap-4" aria-busy>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-64 w-full" />
      <Link to="/channels" className="sr-only">
        Back to channels
      </Link>
    </div>
  );
}
