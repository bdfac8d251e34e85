import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { GroupMessage } from '../../api/types';
import { useDebounced } from '../../lib/debounce';
import { useCan } from '../shell/use-context';
import { beforeFanout, expectedRecipients } from './progress';

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

/** One cache entry per audience, shared by the wizard's live count and a broadcast's page. */
const recipientCountQuery = (audience: Audience) => ({
  queryKey: ['contacts', 'recipient-count', audience],
  queryFn: () => countRecipients(audience),
});

/** The live recipient count of the audience being built (debounced). */
export function useRecipientCount(audience: Audience) {
  const settled = useDebounced(audience, 250);
  return useQuery({
    ...recipientCountQuery(settled),
    enabled: settled.groupIds.length + settled.contactIds.length > 0,
    staleTime: 5_000,
  });
}

/**
 * The audience a broadcast expects before its fan-out counts it: the count its approval request
 * saw, else its groups and contacts counted now (needs `contacts:read`); undefined otherwise.
 */
export function useExpectedRecipients(g: GroupMessage): number | undefined {
  const canReadContacts = useCan('contacts:read');
  const fromApproval = expectedRecipients(g);
  const audience: Audience = {
    groupIds: g.contact_group_ids,
    contactIds: g.contact_ids,
    excludeIds: g.exclude_contact_ids,
  };
  const counted = useQuery({
    ...recipientCountQuery(audience),
    enabled:
      beforeFanout(g) &&
      fromApproval === undefined &&
      canReadContacts &&
      audience.groupIds.length + audience.contactIds.length > 0,
    staleTime: 30_000,
  });
  if (!beforeFanout(g)) return undefined;
  if (fromApproval !== undefined) return fromApproval;
  if (audience.groupIds.length + audience.contactIds.length === 0) return 0;
  return counted.data;
}
