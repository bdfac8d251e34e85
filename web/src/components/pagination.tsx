import { useId } from 'react';
import { NativeSelect } from './ui/input';

export const PAGE_SIZES = [10, 20, 50, 100] as const;

/** Page size and previous/next, with "21–40 of 1,234". */
export function Pagination({
  page,
  pageSize,
  total,
  onChange,
}: {
  page: number;
  pageSize: number;
  total: number | undefined;
  onChange: (next: { page: number; page_size: number }) => void;
}) {
  const sizeId = useId();
  const pages = total === undefined ? page : Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = total === undefined ? page * pageSize : Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <div className="flex items-center gap-2 text-muted">
        <label htmlFor={sizeId} className="whitespace-nowrap">
          Rows per page
        </label>
        <NativeSelect
          id={sizeId}
          className="h-8 w-20"
          value={pageSize}
          onChange={(e) => onChange({ page: 1, page_size: Number(e.target.value) })}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex items-center gap-3">
        <span className="text-muted" aria-live="polite">
          {total === undefined
            ? '…'
            : `${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()}`}
        </span>
        <button
          type="button"
          className="h-8 rounded-md border border-border bg-surface px-3 disabled:opacity-50"
          disabled={page <= 1}
          onClick={() => onChange({ page: page - 1, page_size: pageSize })}
        >
          Previous
        </button>
        <button
          type="button"
          className="h-8 rounded-md border border-border bg-surface px-3 disabled:opacity-50"
          disabled={page >= pages}
          onClick={() => onChange({ page: page + 1, page_size: pageSize })}
        >
          Next
        </button>
      </div>
    </nav>
  );
}
