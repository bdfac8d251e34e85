import { useEffect, useRef, useState } from 'react';
import { useDebounced } from '../lib/debounce';
import { Input } from './ui/input';

/** A text filter that writes to the URL once typing pauses. */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder,
  className = 'sm:w-64',
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  label: string;
  placeholder?: string;
  className?: string;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const settled = useDebounced(draft, 350);
  // The latest props through a ref: only a newly settled draft may write, not a new callback.
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  useEffect(() => setDraft(value ?? ''), [value]);
  useEffect(() => {
    const next = settled.trim() || undefined;
    if (next !== (latest.current.value || undefined)) latest.current.onChange(next);
  }, [settled]);
  return (
    <Input
      type="search"
      aria-label={label}
      placeholder={placeholder ?? label}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      className={className}
    />
  );
}
