import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { Input, NativeSelect } from '../../components/ui/input';
import { GroupSelect } from './group-checklist';

/** The list-query operators (contract "Conventions"), with words for people. */
export const OPERATORS = [
  { op: 'eq', label: 'is' },
  { op: 'ne', label: 'is not' },
  { op: 'contains', label: 'contains' },
  { op: 'icontains', label: 'contains (any case)' },
  { op: 'startswith', label: 'starts with' },
  { op: 'endswith', label: 'ends with' },
  { op: 'like', label: 'matches (% wildcard)' },
  { op: 'lt', label: 'is less than' },
  { op: 'le', label: 'is at most' },
  { op: 'gt', label: 'is greater than' },
  { op: 'ge', label: 'is at least' },
  { op: 'in', label: 'is one of (a,b,c)' },
  { op: 'range', label: 'is between (lo,hi)' },
  { op: 'is_null', label: 'is empty (true/false)' },
] as const;

export const FILTER_FIELDS = [
  { field: 'name', label: 'Name' },
  { field: 'first_name', label: 'First name' },
  { field: 'last_name', label: 'Last name' },
  { field: 'phone', label: 'Phone' },
  { field: 'email', label: 'Email' },
  { field: 'tags', label: 'Tags' },
  { field: 'group_id', label: 'Group' },
  { field: 'telegram_chat_id', label: 'Telegram chat id' },
  { field: 'created_at', label: 'Created (ISO time)' },
  { field: 'attributes', label: 'Attribute…' },
] as const;

/** Which operators a field accepts (the API answers 400 to the others). */
export function operatorsFor(field: string): string[] {
  if (field === 'group_id') return ['eq', 'ne'];
  if (field === 'tags') return ['contains', 'eq', 'ne', 'in', 'is_null'];
  if (field === 'created_at') return ['eq', 'ne', 'in', 'lt', 'le', 'gt', 'ge', 'range', 'is_null'];
  return OPERATORS.map((o) => o.op);
}

export type FilterRow = { field: string; key: string; op: string; value: string };

/** `attributes.plan:eq:gold` ⇄ a row of the builder. */
export function parseFilter(raw: string): FilterRow {
  const [path = 'name', op = 'eq', ...rest] = raw.split(':');
  const value = rest.join(':');
  return path.startsWith('attributes.')
    ? { field: 'attributes', key: path.slice('attributes.'.length), op, value }
    : { field: path, key: '', op, value };
}

export function formatFilter(row: FilterRow): string | undefined {
  const path =
    row.field === 'attributes' ? (row.key.trim() ? `attributes.${row.key.trim()}` : '') : row.field;
  if (!path || (row.value.trim() === '' && row.op !== 'is_null')) return undefined;
  return `${path}:${row.op}:${row.op === 'is_null' ? row.value.trim() || 'true' : row.value.trim()}`;
}

/** Rows of field (or attributes.KEY), operator and value; applied together (AND). */
export function FilterBuilder({ value, onApply }: { value: string[]; onApply: (filters: string[]) => void }) {
  const [rows, setRows] = useState<FilterRow[]>(() => value.map(parseFilter));
  const set = (i: number, patch: Partial<FilterRow>) =>
    setRows((list) =>
      list.map((r, j) => {
        if (j !== i) return r;
        const next = { ...r, ...patch };
        return operatorsFor(next.field).includes(next.op)
          ? next
          : { ...next, op: operatorsFor(next.field)[0]! };
      }),
    );
  return (
    <fieldset className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-3">
      <legend className="px-1 text-sm font-semibold">Filters (all must match)</legend>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
        <div key={i} className="grid gap-2 sm:grid-cols-[10rem_auto_12rem_1fr_auto]">
          <NativeSelect
            aria-label={`Filter ${i + 1} field`}
            value={row.field}
            onChange={(e) => set(i, { field: e.target.value })}
          >
            {FILTER_FIELDS.map((f) => (
              <option key={f.field} value={f.field}>
                {f.label}
              </option>
            ))}
          </NativeSelect>
          {row.field === 'attributes' ? (
            <Input
              aria-label={`Filter ${i + 1} attribute name`}
              placeholder="attribute name"
              className="sm:w-36"
              value={row.key}
              onChange={(e) => set(i, { key: e.target.value })}
            />
          ) : (
            <span className="hidden sm:block" />
          )}
          <NativeSelect
            aria-label={`Filter ${i + 1} operator`}
            value={row.op}
            onChange={(e) => set(i, { op: e.target.value })}
          >
            {OPERATORS.filter((o) => operatorsFor(row.field).includes(o.op)).map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
          {row.field === 'group_id' ? (
            <GroupSelect
              label={`Filter ${i + 1} value`}
              value={row.value}
              onChange={(value) => set(i, { value })}
            />
          ) : (
            <Input
              aria-label={`Filter ${i + 1} value`}
              value={row.value}
              placeholder={row.op === 'is_null' ? 'true' : 'value'}
              onChange={(e) => set(i, { value: e.target.value })}
            />
          )}
          <Button
            variant="ghost"
            aria-label={`Remove filter ${i + 1}`}
            onClick={() => setRows((list) => list.filter((_, j) => j !== i))}
          >
            ✕
          </Button>
        </div>
      ))}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setRows((list) => [...list, { field: 'name', key: '', op: 'icontains', value: '' }])}
        >
          Add filter
        </Button>
        <Button
          size="sm"
          onClick={() => onApply(rows.map(formatFilter).filter((f): f is string => f !== undefined))}
        >
          Apply filters
        </Button>
        {value.length > 0 && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setRows([]);
              onApply([]);
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
    </fieldset>
  );
}
