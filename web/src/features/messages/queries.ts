import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { Message } from '../../api/types';
import { FINAL_MESSAGE_STATUSES } from '../../components/status-badge';

export type MessageListQuery = { page: string; page_size: string; sort: string; filter?: string[] };

const POLL_MS = 2_000;
const moving = (m: Message) => !FINAL_MESSAGE_STATUSES.includes(m.status);

/** A page of messages; polled while any row on it may still change status. */
export function useMessages(query: MessageListQuery) {
  return useQuery({
    queryKey: ['messages', query],
    queryFn: () => unwrap(api.GET('/v1/messages', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(moving) ? POLL_MS : false),
  });
}

export function useMessage(id: string | undefined) {
  return useQuery({
    queryKey: ['messages', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/messages/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
    refetchInterval: (q) => (q.state.data && moving(q.state.data) ? POLL_MS : false),
  });
}
