import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { ChannelType } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ErrorState } from '../../components/ui/empty-state';
import { Field } from '../../components/ui/field';
import { NativeSelect } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { toast } from '../../components/ui/toast';
import { ChannelForm } from './channel-form';
import { CHANNEL_TYPE_LABELS, PROVIDER_LABELS, useProviders } from './queries';

export function NewChannelPage() {
  const providers = useProviders();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [channelType, setChannelType] = useState<ChannelType>('sandbox');
  const [providerId, setProviderId] = useState<string>();

  const choices = providers.data?.items.filter((p) => p.channel_type === channelType) ?? [];
  const provider = choices.find((p) => p.id === providerId) ?? choices[0];

  return (
    <div className="max-w-3xl">
      <PageHeader
        title="New channel"
        description={
          <>
            The form follows the provider you pick.{' '}
            <Link to="/channels" className="text-primary underline">
              Back to channels
            </Link>
          </>
        }
      />
      {providers.error ? (
        <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
      ) : !providers.data || !provider ? (
        <Skeleton className="h-96 w-full" />
      ) : (
        <div className="flex flex-col gap-6">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Channel type">
              <NativeSelect
                value={channelType}
                onChange={(e) => {
                  setChannelType(e.target.value as ChannelType);
                  setProviderId(undefined);
                }}
              >
                {Object.entries(CHANNEL_TYPE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Provider">
              <NativeSelect
                value={provider.id}
                disabled={choices.length < 2}
                onChange={(e) => setProviderId(e.target.value)}
              >
                {choices.map((p) => (
                  <option key={p.id} value={p.id}>
                    {PROVIDER_LABELS[p.id] ?? p.id}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          </div>
          <ChannelForm
            key={provider.id}
            provider={provider}
            submitLabel="Create channel"
            onSubmit={async (payload) => {
              const created = await unwrap(
                api.POST('/v1/channels', {
                  body: {
                    ...payload,
                    channel_type: channelType,
                    ...(channelType === 'sms' ? { provider: provider.id } : {}),
                  },
                }),
              );
              await client.invalidateQueries({ queryKey: ['channels'] });
              toast('Channel created', {
                description: 'Verify it to check the credentials with the provider.',
              });
              await navigate({ to: '/channels/$channelId', params: { channelId: created.id } });
            }}
          />
        </div>
      )}
    </div>
  );
}
