import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import type { ScheduledOccurrencesPreview } from '../../api/types';
import { Skeleton } from '../../components/ui/skeleton';
import { Table, Td, Th } from '../../components/ui/table';
import { useDebounced } from '../../lib/debounce';
import { formatInZone } from './recurrence';

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Run times in the schedule's zone and, when it differs, in the viewer's. */
export function OccurrenceTable({ items, timezone }: { items: string[]; timezone: string }) {
  const viewer = viewerZone();
  return (
    <Table>
      <caption className="sr-only">The next runs</caption>
      <thead>
        <tr>
          <Th scope="col">{timezone}</Th>
          {viewer !== timezone && <Th scope="col">Your time ({viewer})</Th>}
        </tr>
      </thead>
      <tbody data-testid="occurrences">
        {items.map((iso) => (
          <tr key={iso}>
            <Td>{formatInZone(iso, timezone)}</Td>
            {viewer !== timezone && <Td>{formatInZone(iso, viewer)}</Td>}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** A titled panel around the next runs. */
export function OccurrencePanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby="next-heading"
      aria-live="polite"
      className="rounded-lg border border-border bg-surface p-4"
    >
      <h2 id="next-heading" className="mb-3 text-sm font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * The next runs of the rule being edited, from `POST /v1/scheduled-messages/occurrences/preview`
 * (the code that will run it), debounced as the user types; the API's validation message when the
 * rule is not acceptable.
 */
export function OccurrencePreview({ input }: { input: ScheduledOccurrencesPreview | undefined }) {
  const settled = useDebounced(input, 300);
  const preview = useQuery({
    queryKey: ['scheduled-messages', 'preview', settled],
    queryFn: () => unwrap(api.POST('/v1/scheduled-messages/occurrences/preview', { body: settled! })),
    enabled: settled !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const error = preview.error;
  return (
    <OccurrencePanel title={`Next ${input?.count ?? 5} runs`}>
      {settled === undefined ? (
        <p className="text-sm text-muted">Choose the date and time of the first run to see the next runs.</p>
      ) : error ? (
        <p role="alert" data-testid="occurrences-error" className="text-sm text-danger">
          {error instanceof ApiError && error.fieldErrors.length > 0
            ? error.fieldErrors.map((e) => e.message).join('; ')
            : error.message}
        </p>
      ) : preview.data ? (
        preview.data.items.length > 0 ? (
          <OccurrenceTable items={preview.data.items} timezone={preview.data.timezone} />
        ) : (
          <p className="text-sm text-muted">No runs.</p>
        )
      ) : (
        <Skeleton className="h-24 w-full" />
      )}
    </OccurrencePanel>
  );
}
