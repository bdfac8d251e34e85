import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { GroupMessage } from '../../api/types';
import { useDebounced } from '../../lib/debounce';
import { beforeFanout, expectedRecipients } from './progress';

export type Audience = { groupIds: string[]; contactIds: string[]; excludeIds: string[] };

/**
 * The number of distinct recipients of an audience, counted by the API as the fan-out will count
 * it: contacts of any group plus the listed contacts, minus the exclusions. The ids go in a request
 * body, so an audience of thousands of listed contacts is counted (in a query string they were not).
 */
export async function countRecipients({ groupIds, contactIds, excludeIds }: Audience): Promise<number> {
  const counted = await unwrap(
    api.POST('/v1/group-messages/audience', {
      body: { contact_group_ids: groupIds, contact_ids: contactIds, exclude_contact_ids: excludeIds },
    }),
  );
  return counted.recipients;
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
 * saw, else its groups and contacts counted now; undefined otherwise.
 */
export function useExpectedRecipients(g: GroupMessage): number | undefined {
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
      audience.groupIds.length + audience.contactIds.length > 0,
    staleTime: 30_000,
  });
  if (!beforeFanout(g)) return undefined;
  if (fromApproval !== undefined) return fromApproval;
  if (audience.groupIds.length + audience.contactIds.length === 0) return 0;
  return counted.data;
}
