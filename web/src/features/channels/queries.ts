import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { ChannelType } from '../../api/types';

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  sms: 'SMS',
  smpp: 'SMPP',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  email: 'Email',
  sandbox: 'Sandbox (test)',
};

export const PROVIDER_LABELS: Record<string, string> = {
  twilio: 'Twilio',
  africastalking: "Africa's Talking",
  vonage: 'Vonage',
  messagebird: 'MessageBird',
  smpp: 'SMPP',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp Cloud API',
  messenger: 'Messenger',
  email: 'SMTP / IMAP',
  sandbox: 'Sandbox',
};

export type ChannelListQuery = { page: string; page_size: string; sort: string; filter?: string[] };

export function useChannels(query: ChannelListQuery) {
  return useQuery({
    queryKey: ['channels', query],
    queryFn: () => unwrap(api.GET('/v1/channels', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Every channel (first 100), for pickers. */
export function useAllChannels() {
  return useChannels({ page: '1', page_size: '100', sort: 'name:asc' });
}

export function useChannel(id: string) {
  return useQuery({
    queryKey: ['channels', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/channels/{id}', { params: { path: { id } } })),
  });
}

export function useProviders() {
  return useQuery({
    queryKey: ['providers'],
    queryFn: () => unwrap(api.GET('/v1/providers')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A channel's name by id, for tables ("Deleted channel" once gone, a dash for none). */
export function useChannelName(): (id: string | null) => string {
  const channels = useAllChannels();
  const names = useMemo(() => new Map(channels.data?.items.map((c) => [c.id, c.name])), [channels.data]);
  return useCallback((id) => (id ? (names.get(id) ?? 'Deleted channel') : '—'), [names]);
}
