import { Checkbox, NativeSelect } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { useAllGroups } from './queries';

/** The account's contact groups (first 100) as checkboxes with their member counts. */
export function GroupChecklist({
  value,
  onChange,
  empty,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  empty: React.ReactNode;
}) {
  const groups = useAllGroups();
  if (groups.isLoading) return <Skeleton className="h-20 w-full" />;
  if (groups.data?.items.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      {groups.data?.items.map((g) => (
        <label
          key={g.id}
          htmlFor={`group-${g.id}`}
          className="flex items-center gap-3 rounded-md border border-border bg-surface px-3 py-2 text-sm"
        >
          <Checkbox
            id={`group-${g.id}`}
            checked={value.includes(g.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, g.id] : value.filter((id) => id !== g.id))
            }
          />
          <span className="flex-1">{g.name}</span>
          <span className="text-xs text-muted">
            {g.contact_count.toLocaleString()} contact{g.contact_count === 1 ? '' : 's'}
          </span>
        </label>
      ))}
    </div>
  );
}

/** A select of the account's groups (first 100); the value is a group id, empty for none. */
export function GroupSelect({
  label,
  value,
  onChange,
  className,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  className?: string;
}) {
  const groups = useAllGroups();
  return (
    <NativeSelect
      aria-label={label}
      className={className}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">Choose a group…</option>
      {groups.data?.items.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </NativeSelect>
  );
}
