import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Contact } from '../api/types';
import { useDebounced } from '../lib/debounce';
import { Input } from './ui/input';

/** What a contact is called in lists. */
export function contactLabel(
  c: Pick<Contact, 'name' | 'first_name' | 'last_name' | 'phone' | 'email'>,
): string {
  const name = c.name ?? ([c.first_name, c.last_name].filter(Boolean).join(' ') || null);
  return [name, c.phone ?? c.email].filter(Boolean).join(' · ') || 'Unnamed contact';
}

/**
 * Search contacts by name, phone or email (a combobox: ↑/↓ move, Enter picks, Escape closes).
 * Searching goes through the contacts list filters.
 */
export function ContactPicker({
  label,
  selected,
  onSelect,
}: {
  label: string;
  selected: Contact | undefined;
  onSelect: (contact: Contact | undefined) => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 250);
  const field = /^[+\d]/.test(q) ? 'phone' : q.includes('@') ? 'email' : 'name';
  const results = useQuery({
    queryKey: ['contacts', 'search', field, q],
    queryFn: () =>
      unwrap(
        api.GET('/v1/contacts', {
          params: {
            query: {
              page_size: '8',
              sort: 'name:asc',
              ...(q ? { filter: `${field}:${field === 'phone' ? 'contains' : 'icontains'}:${q}` } : {}),
            },
          },
        }),
      ),
    enabled: open,
  });
  const items = results.data?.items ?? [];

  if (selected) {
    return (
      <div className="flex items-center justify-between gap-2 rounded-md border border-border bg-surface px-3 py-2 text-sm">
        <span>{contactLabel(selected)}</span>
        <button type="button" className="text-primary underline" onClick={() => onSelect(undefined)}>
          Change
        </button>
      </div>
    );
  }
  const choose = (contact: Contact | undefined) => {
    if (!contact) return;
    onSelect(contact);
    setOpen(false);
    setText('');
  };
  return (
    <div className="relative">
      <Input
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && items[active] ? `${id}-${items[active].id}` : undefined}
        placeholder="Search contacts by name, phone or email"
        value={text}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(i + 1, items.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter' && open) {
            e.preventDefault();
            choose(items[active]);
          } else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open && (
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label="Contacts"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-border bg-surface p-1 shadow-lg"
        >
          {results.isLoading && <p className="px-2 py-1.5 text-sm text-muted">Searching…</p>}
          {!results.isLoading && items.length === 0 && (
            <p className="px-2 py-1.5 text-sm text-muted">No contact found{q ? ` for “${q}”` : ''}</p>
          )}
          {items.map((c, i) => (
            <div
              key={c.id}
              id={`${id}-${c.id}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(c);
              }}
              className="cursor-pointer rounded px-2 py-1.5 text-sm aria-selected:bg-surface-2"
            >
              {contactLabel(c)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
