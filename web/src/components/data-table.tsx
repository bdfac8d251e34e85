import { createLink } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, type KeyboardEvent, type ReactNode, type Ref, useRef } from 'react';
import { cn } from '../lib/cn';
import { ErrorState } from './ui/empty-state';
import { Skeleton } from './ui/skeleton';
import { Table, Td, Th } from './ui/table';

export type Column<T> = {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The API field to sort by (`sort=FIELD:asc|desc`); absent: not sortable. */
  sortField?: string;
  className?: string;
};

export type Sort = { field: string; direction: 'asc' | 'desc' };

type DataTableProps<T> = {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  sort: Sort;
  onSortChange: (sort: Sort) => void;
  /** Shown when the list is empty: say why and what to do next. */
  empty: ReactNode;
  onRowOpen?: (row: T) => void;
  skeletonRows?: number;
};

/** `created_at:desc` ⇄ { field, direction }. */
export function parseSort(value: string | undefined, fallback: Sort): Sort {
  const [field, direction] = (value ?? '').split(':');
  return field && (direction === 'asc' || direction === 'desc') ? { field, direction } : fallback;
}

/**
 * A list from the API: skeleton rows while loading, an error with retry, an empty state, sortable
 * headers (aria-sort), and rows that take focus: ↑/↓ move between rows, Enter opens one.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  isLoading,
  error,
  onRetry,
  sort,
  onSortChange,
  empty,
  onRowOpen,
  skeletonRows = 8,
}: DataTableProps<T>) {
  const body = useRef<HTMLTableSectionElement>(null);

  if (error && !rows) return <ErrorState error={error} onRetry={onRetry} />;
  if (!isLoading && rows && rows.length === 0) return <>{empty}</>;

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: T) => {
    const current = event.currentTarget;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? current.nextElementSibling : current.previousElementSibling;
      (next as HTMLElement | null)?.focus();
    } else if (event.key === 'Enter' && onRowOpen && event.target === current) {
      event.preventDefault();
      onRowOpen(row);
    }
  };

  return (
    <Table aria-busy={isLoading || undefined}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => {
            const active = column.sortField !== undefined && sort.field === column.sortField;
            return (
              <Th
                key={column.id}
                scope="col"
                className={column.className}
                aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {column.sortField ? (
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 uppercase hover:text-fg"
                    onClick={() =>
                      onSortChange({
                        field: column.sortField!,
                        direction: active && sort.direction === 'desc' ? 'asc' : 'desc',
                      })
                    }
                  >
                    {column.header}
                    <span aria-hidden className={cn(!active && 'opacity-30')}>
                      {active && sort.direction === 'asc' ? '▲' : '▼'}
                    </span>
                  </button>
                ) : (
                  column.header
                )}
              </Th>
            );
          })}
        </tr>
      </thead>
      <tbody ref={body}>
        {isLoading && !rows
          ? Array.from({ length: skeletonRows }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
              <tr key={i}>
                {columns.map((column) => (
                  // The column's own classes: a column hidden on small screens has no placeholder there.
                  <Td key={column.id} className={column.className}>
                    <Skeleton className="h-4 w-full max-w-40" />
                  </Td>
                ))}
              </tr>
            ))
          : rows?.map((row) => (
              <tr
                key={rowKey(row)}
                tabIndex={0}
                onKeyDown={(event) => onKeyDown(event, row)}
                onClick={onRowOpen ? () => onRowOpen(row) : undefined}
                className={cn(
                  'outline-none focus-visible:bg-surface-2',
                  onRowOpen && 'cursor-pointer hover:bg-surface-2',
                )}
              >
                {columns.map((column) => (
                  <Td key={column.id} className={column.className}>
                    {column.cell(row)}
                  </Td>
                ))}
              </tr>
            ))}
      </tbody>
    </Table>
  );
}

/** The link in a row's first cell: opens the row without the row's own click firing too. */
function StopLink(props: AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> }) {
  return (
    // biome-ignore lint/a11y: a real link: the router passes href, and Enter follows it natively
    <a
      {...props}
      className="font-medium hover:underline"
      // biome-ignore lint/a11y/useValidAnchor: href comes from the router; the click only stops the row's own
      onClick={(e) => {
        e.stopPropagation();
        props.onClick?.(e);
      }}
    />
  );
}
export const RowLink = createLink(StopLink);

/** A DataTable's rows, loading, error and retry from a list query. */
export function tableState<T>(query: {
  data?: { items: T[] } | undefined;
  isLoading: boolean;
  error: unknown;
  refetch: () => unknown;
}) {
  return {
    rows: query.data?.items,
    isLoading: query.isLoading,
    error: query.error,
    onRetry: () => void query.refetch(),
  };
}
