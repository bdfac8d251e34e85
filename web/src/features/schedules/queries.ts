import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { toast } from '../../components/ui/toast';

export type ListQuery = { page: string; page_size: string; sort: string; filter?: string[] };

export function useSchedules(query: ListQuery) {
  return useQuery({
    queryKey: ['scheduled-messages', 'list', query],
    queryFn: () => unwrap(api.GET('/v1/scheduled-messages', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useSchedule(id: string) {
  return useQuery({
    queryKey: ['scheduled-messages', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/scheduled-messages/{id}', { params: { path: { id } } })),
  });
}

/** The next `count` runs, from the API (the same code that will run them). */
export function useOccurrences(id: string, version: string, count = 5) {
  return useQuery({
    queryKey: ['scheduled-messages', 'occurrences', id, version, count],
    queryFn: () =>
      unwrap(
        api.GET('/v1/scheduled-messages/{id}/occurrences', {
          params: { path: { id }, query: { count } },
        }),
      ),
  });
}

export function useRuns(id: string) {
  return useQuery({
    queryKey: ['scheduled-messages', 'runs', id],
    queryFn: () =>
      unwrap(
        api.GET('/v1/scheduled-messages/{id}/runs', {
          params: { path: { id }, query: { page_size: '20', sort: 'occurrence_at:desc' } },
        }),
      ),
  });
}

export function useScheduleAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => {
      const path = { params: { path: { id } } };
      if (action === 'pause') return unwrap(api.POST('/v1/scheduled-messages/{id}/pause', path));
      if (action === 'resume') return unwrap(api.POST('/v1/scheduled-messages/{id}/resume', path));
      return unwrap(api.POST('/v1/scheduled-messages/{id}/cancel', path));
    },
    onSuccess: (schedule, action) => {
      client.setQueryData(['scheduled-messages', 'one', id], schedule);
      void client.invalidateQueries({ queryKey: ['scheduled-messages'] });
      toast(
        action === 'pause'
          ? 'Schedule paused'
          : action === 'resume'
            ? 'Schedule resumed'
            : 'Schedule cancelled',
      );
    },
    onError: (error) => toast('That did not work', { description: error.message, tone: 'error' }),
  });
}
