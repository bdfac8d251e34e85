import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';

export type TemplateListQuery = { page: string; page_size: string; sort: string; filter?: string[] };

export function useTemplates(query: TemplateListQuery, enabled = true) {
  return useQuery({
    queryKey: ['templates', query],
    queryFn: () => unwrap(api.GET('/v1/templates', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: ['templates', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/templates/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
  });
}
