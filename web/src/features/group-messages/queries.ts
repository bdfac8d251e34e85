import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { GroupMessage } from '../../api/types';
import { toast } from '../../components/ui/toast';
import { usePollUnlessLive } from '../live/live-events';

export type ListQuery = { page: string; page_size: string; sort: string; filter?: string[] };

const POLL_MS = 2_000;
export const FINISHED: readonly GroupMessage['status'][] = [
  'completed',
  'partially_failed',
  'failed',
  'cancelled',
];
/** Still moving: running, or finished (cancelled) with messages in flight that settle after. */
export const running = (g: GroupMessage) =>
  g.status === 'queued' || g.status === 'processing' || (g.status !== 'draft' && g.pending_count > 0);

/** A page of broadcasts; polled while one is running and the live stream is not open. */
export function useGroupMessages(query: ListQuery) {
  const poll = usePollUnlessLive(POLL_MS);
  return useQuery({
    queryKey: ['group-messages', 'list', query],
    queryFn: () => unwrap(api.GET('/v1/group-messages', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => poll(Boolean(q.state.data?.items.some(running))),
  });
}

export function useGroupMessage(id: string) {
  const poll = usePollUnlessLive(POLL_MS);
  return useQuery({
    queryKey: ['group-messages', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/group-messages/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => poll(Boolean(q.state.data && running(q.state.data))),
  });
}

/** Start, cancel or retry the failed of a broadcast, with a toast and fresh caches. */
export function useGroupMessageAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: 'start' | 'cancel' | 'retry-failed') => {
      const path = { params: { path: { id } } };
      if (action === 'start') return unwrap(api.POST('/v1/group-messages/{id}/start', path));
      if (action === 'cancel') return unwrap(api.POST('/v1/group-messages/{id}/cancel', path));
      return (await unwrap(api.POST('/v1/group-messages/{id}/retry-failed', path))).group_message;
    },
    onSuccess: (group, action) => {
      client.setQueryData(['group-messages', 'one', id], group);
      void client.invalidateQueries({ queryKey: ['group-messages'] });
      void client.invalidateQueries({ queryKey: ['messages'] });
      toast(
        action === 'start'
          ? 'Broadcast started'
          : action === 'cancel'
            ? 'Broadcast cancelled'
            : 'Failed recipients re-queued',
      );
    },
    onError: (error) => toast('That did not work', { description: error.message, tone: 'error' }),
  });
}
