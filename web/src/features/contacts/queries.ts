import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { ContactImportSummary } from '../../api/types';
import { usePollUnlessLive } from '../live/live-events';

export type ListQuery = { page: string; page_size: string; sort: string; filter?: string[] };

const importRunning = (i: Pick<ContactImportSummary, 'status'>) =>
  i.status === 'receiving' || i.status === 'queued' || i.status === 'processing';

/** One import; polled while it runs and the live stream is not open. */
export function useContactImport(id: string | undefined) {
  const poll = usePollUnlessLive(1_000);
  return useQuery({
    queryKey: ['contact-imports', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/contact-imports/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
    refetchInterval: (q) => poll(Boolean(q.state.data && importRunning(q.state.data))),
  });
}

export function useContactImports() {
  const poll = usePollUnlessLive(2_000);
  return useQuery({
    queryKey: ['contact-imports', 'list'],
    queryFn: () =>
      unwrap(
        api.GET('/v1/contact-imports', { params: { query: { page_size: '10', sort: 'created_at:desc' } } }),
      ),
    refetchInterval: (q) => poll(Boolean(q.state.data?.items.some(importRunning))),
  });
}

export function useContactGroups(query: ListQuery) {
  return useQuery({
    queryKey: ['contact-groups', query],
    queryFn: () => unwrap(api.GET('/v1/contact-groups', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useContacts(query: ListQuery) {
  return useQuery({
    queryKey: ['contacts', 'list', query],
    queryFn: () => unwrap(api.GET('/v1/contacts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Every group (first 100, by name), for pickers. */
export function useAllGroups() {
  return useQuery({
    queryKey: ['contact-groups', 'all'],
    queryFn: () =>
      unwrap(api.GET('/v1/contact-groups', { params: { query: { page_size: '100', sort: 'name:asc' } } })),
  });
}
