/**
 * List state kept in the URL (shareable, back-button friendly) and its translation to the API's
 * list query: `page`, `page_size`, `sort=FIELD:dir`, `filter=FIELD:OP:VALUE` (repeatable).
 */
export type ListSearch = { page?: number; page_size?: number; sort?: string };

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined;

function positiveInt(value: unknown, max: number): number | undefined {
  const n = typeof value === 'number' ? value : Number(str(value));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : undefined;
}

/** Validates the common list keys of a route's search params; unknown or bad values are dropped. */
export function listSearch(raw: Record<string, unknown>): ListSearch {
  const sort = str(raw.sort);
  return {
    page: positiveInt(raw.page, 1_000_000),
    page_size: positiveInt(raw.page_size, 100),
    sort: sort && /^[a-z_]+:(asc|desc)$/.test(sort) ? sort : undefined,
  };
}

/** A string search param from a fixed set, else undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  const v = str(value);
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function text(value: unknown, max = 200): string | undefined {
  const v = str(value);
  return v === undefined ? undefined : v.slice(0, max);
}

export function uuid(value: unknown): string | undefined {
  const v = str(value);
  return v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined;
}

/** YYYY-MM-DD. */
export function day(value: unknown): string | undefined {
  const v = str(value);
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/** The API query of a list: filters in order, the page and sort with defaults. */
export function apiListQuery(
  search: ListSearch,
  filters: (string | false | undefined)[],
  defaultSort: string,
) {
  const filter = filters.filter((f): f is string => typeof f === 'string');
  return {
    page: String(search.page ?? 1),
    page_size: String(search.page_size ?? 20),
    sort: search.sort ?? defaultSort,
    ...(filter.length > 0 ? { filter } : {}),
  };
}

/** The local day `YYYY-MM-DD` as the UTC instant of its start (or of the next day's start). */
export function dayStartIso(value: string, nextDay = false): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}
