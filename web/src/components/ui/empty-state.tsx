import type { ReactNode } from 'react';

/** What to show when there is nothing yet, with the next thing to do. */
export function EmptyState({
  title,
  description,
  action,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-border px-6 py-12 text-center">
      <h2 className="text-base font-semibold">{title}</h2>
      {description && <p className="max-w-md text-sm text-muted">{description}</p>}
      {action}
    </div>
  );
}

/** A failed load with its reason and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong';
  return (
    <div
      role="alert"
      className="flex flex-col items-center gap-3 rounded-lg border border-danger/40 px-6 py-10 text-center"
    >
      <h2 className="text-base font-semibold text-danger">Could not load this</h2>
      <p className="max-w-md text-sm text-muted">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="h-9 rounded-md border border-border bg-surface px-4 text-sm font-medium hover:bg-surface-2"
      >
        Retry
      </button>
    </div>
  );
}
