import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { TemplatePreviewInput } from '../api/types';
import { useDebounced } from '../lib/debounce';
import { Badge } from './ui/badge';
import { Skeleton } from './ui/skeleton';

/** `POST /v1/templates/preview` for what is being written, debounced (one cached query per input). */
export function usePreview(input: TemplatePreviewInput | undefined) {
  const settled = useDebounced(input, 300);
  const preview = useQuery({
    queryKey: ['template-preview', settled],
    queryFn: () => unwrap(api.POST('/v1/templates/preview', { body: settled! })),
    enabled: settled !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  return { settled, preview };
}

/** The rendered text, encoding and segments of a body or template, refreshed as the user types. */
export function LivePreview({ input }: { input: TemplatePreviewInput | undefined }) {
  const { settled, preview } = usePreview(input);

  return (
    <section
      aria-labelledby="preview-heading"
      aria-live="polite"
      className="rounded-lg border border-border bg-surface p-4"
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 id="preview-heading" className="mr-auto text-sm font-semibold">
          Preview
        </h2>
        {preview.data && (
          <>
            <Badge tone={preview.data.encoding === 'GSM-7' ? 'success' : 'warning'}>
              {preview.data.encoding}
            </Badge>
            <Badge data-testid="preview-segments">
              {preview.data.segments} {preview.data.segments === 1 ? 'segment' : 'segments'}
            </Badge>
            <Badge>{preview.data.characters} characters</Badge>
          </>
        )}
      </div>
      {settled === undefined ? (
        <p className="text-sm text-muted">Write a message to see it rendered.</p>
      ) : preview.error ? (
        <p role="alert" className="text-sm text-danger">
          {preview.error.message}
          {'fieldErrors' in preview.error &&
            (preview.error as { fieldErrors: { message: string }[] }).fieldErrors.map((e) => ` ${e.message}`)}
        </p>
      ) : preview.data ? (
        <>
          <p
            data-testid="preview-body"
            className="whitespace-pre-wrap break-words rounded-md bg-surface-2 p-3 text-sm"
          >
            {preview.data.body}
          </p>
          {preview.data.missing_variables.length > 0 && (
            <p className="mt-2 text-xs text-warning">
              No value for: {preview.data.missing_variables.join(', ')} (the fallback strategy applies when
              sending).
            </p>
          )}
        </>
      ) : (
        <Skeleton className="h-16 w-full" />
      )}
    </section>
  );
}
