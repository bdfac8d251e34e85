import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useDebounced } from '../../lib/debounce';

export type Audience = { groupIds: string[]; contactIds: string[]; excludeIds: string[] };

async function countContacts(filter: string[]): Promise<number> {
  const page = await unwrap(api.GET('/v1/contacts', { params: { query: { page_size: '1', filter } } }));
  return page.total;
}

/**
 * The number of distinct recipients of an audience, as the API will count them: contacts of any
 * group (G) plus the extra contacts (E), minus the exclusions (X). Filters are AND-ed, so the union
 * is counted as |G| + |E| − |E ∩ G| and the exclusions as |X ∩ G| + |X ∩ E| − |X ∩ E ∩ G|.
 */
export async function countRecipients({ groupIds, contactIds, excludeIds }: Audience): Promise<number> {
  const extras = [...new Set(contactIds)];
  const excluded = [...new Set(excludeIds)];
  const inGroups = groupIds.length > 0 ? `group_id:in:${groupIds.join(',')}` : undefined;
  const both = (ids: string[]) =>
    inGroups && ids.length > 0 ? countContacts([`id:in:${ids.join(',')}`, inGroups]) : Promise.resolve(0);
  const excludedExtras = excluded.filter((id) => extras.includes(id));
  const [g, eg, xg, xeg] = await Promise.all([
    inGroups ? countContacts([inGroups]) : 0,
    both(extras),
    both(excluded),
    both(excludedExtras),
  ]);
  return Math.max(0, g + extras.length - eg - (xg + excludedExtras.length - xeg));
}

/** The live recipient count of the audience being built (debounced). */
export function useRecipientCount(audience: Audience) {
  const settled = useDebounced(audience, 250);
  return useQuery({
    queryKey: ['contacts', 'recipient-count', settled],
    queryFn: () => countRecipients(settled),
    enabled: settled.groupIds.length + settled.contactIds.length > 0,
    staleTime: 5_000,
  });
}
