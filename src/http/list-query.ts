import { and, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.js';
import { BadRequestError, type FieldError } from '../errors.js';
import type { ListQuery } from './openapi.js';

export const FILTER_OPS = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'contains',
  'icontains',
  'in',
  'like',
  'range',
  'is_null',
  'startswith',
  'endswith',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type FieldType = 'text' | 'number' | 'uuid' | 'timestamp' | 'boolean' | 'enum' | 'text_array';

export type FieldSpec = {
  type: FieldType;
  /** The column or SQL expression the field reads. */
  column: AnyPgColumn | SQL;
  /** Allowed values, for `enum`. */
  values?: readonly string[];
  sortable?: boolean;
  /**
   * Builds the condition itself (for fields that are not a column, like membership in a group);
   * receives the value already checked against `type`.
   */
  condition?: (op: FilterOp, values: unknown[]) => SQL;
  /** Operations allowed on a custom-condition field. */
  ops?: readonly FilterOp[];
};

export type ListSpec = {
  fields: Record<string, FieldSpec>;
  /** A JSONB column whose keys filter as `PREFIX.KEY` (contacts' `attributes.KEY`). */
  jsonb?: { prefix: string; column: AnyPgColumn };
  defaultSort: { field: string; direction: 'asc' | 'desc' };
  /** Appended to every ordering so pages are stable. */
  tieBreaker: AnyPgColumn;
};

export type ParsedList = {
  where: SQL | undefined;
  orderBy: SQL[];
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
};

const TEXT_OPS: readonly FilterOp[] = ['contains', 'icontains', 'like', 'startswith', 'endswith'];
const ORDER_OPS: readonly FilterOp[] = ['lt', 'le', 'gt', 'ge', 'range'];
const OPS_BY_TYPE: Record<FieldType, readonly FilterOp[]> = {
  text: ['eq', 'ne', 'in', 'is_null', ...TEXT_OPS, ...ORDER_OPS],
  enum: ['eq', 'ne', 'in', 'is_null'],
  uuid: ['eq', 'ne', 'in', 'is_null'],
  number: ['eq', 'ne', 'in', 'is_null', ...ORDER_OPS],
  timestamp: ['eq', 'ne', 'in', 'is_null', ...ORDER_OPS],
  boolean: ['eq', 'ne', 'is_null'],
  text_array: ['eq', 'ne', 'contains', 'in', 'is_null'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const MAX_FILTERS = 20;
const MAX_IN_VALUES = 1000;

class FilterProblem extends Error {}

function convert(type: FieldType, raw: string, spec: FieldSpec): unknown {
  switch (type) {
    case 'text':
    case 'text_array':
      return raw;
    case 'number':
      if (!NUMBER.test(raw)) throw new FilterProblem(`'${raw}' is not a number`);
      return Number(raw);
    case 'uuid':
      if (!UUID.test(raw)) throw new FilterProblem(`'${raw}' is not a UUID`);
      return raw.toLowerCase();
    case 'timestamp': {
      // ISO 8601 dates or date-times only; Date.parse alone accepts too much.
      if (
        !/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)
      ) {
        throw new FilterProblem(`'${raw}' is not an ISO 8601 timestamp`);
      }
      const date = new Date(raw);
      if (Number.isNaN(date.getTime()) || !isRealCalendarDate(raw)) {
        throw new FilterProblem(`'${raw}' is not a valid timestamp`);
      }
      return date.toISOString();
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new FilterProblem(`'${raw}' is not true or false`);
      return raw === 'true';
    case 'enum':
      if (!spec.values?.includes(raw)) {
        throw new FilterProblem(`'${raw}' is not one of ${spec.values?.join(', ')}`);
      }
      return raw;
  }
}

/** False for dates such as 2024-02-30, which `Date` would silently roll over into March. */
function isRealCalendarDate(raw: string): boolean {
  const [year, month, day] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Timestamps: stored values carry microseconds but the API shows milliseconds, so a filter value
 * stands for its whole millisecond [v, v + 1ms). `eq` on a `created_at` read from a response then
 * finds its row, and `gt` excludes it. Bounds stay plain comparisons so indexes still serve them.
 */
function timestampCondition(expr: SQL | AnyPgColumn, op: FilterOp, values: unknown[]): SQL | undefined {
  const start = (v: unknown) => sql`${v}::timestamptz`;
  const end = (v: unknown) => sql`(${v}::timestamptz + interval '1 millisecond')`;
  const within = (v: unknown) => sql`(${expr} >= ${start(v)} AND ${expr} < ${end(v)})`;
  const [v, hi] = values;
  switch (op) {
    case 'eq':
      return within(v);
    case 'ne':
      return sql`(${expr} IS NULL OR ${expr} < ${start(v)} OR ${expr} >= ${end(v)})`;
    case 'lt':
      return sql`${expr} < ${start(v)}`;
    case 'le':
      return sql`${expr} < ${end(v)}`;
    case 'gt':
      return sql`${expr} >= ${end(v)}`;
    case 'ge':
      return sql`${expr} >= ${start(v)}`;
    case 'range':
      return sql`(${expr} >= ${start(v)} AND ${expr} < ${end(hi)})`;
    case 'in':
      return sql`(${sql.join(values.map(within), sql` OR `)})`;
    default:
      return undefined;
  }
}

/** Escapes LIKE wildcards so user text matches literally. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function splitValues(op: FilterOp, raw: string): string[] {
  if (op === 'in') {
    const values = raw.split(',');
    if (values.length > MAX_IN_VALUES) throw new FilterProblem(`'in' takes at most ${MAX_IN_VALUES} values`);
    if (values.some((v) => v === ''))
      throw new FilterProblem(`'in' takes a comma-separated list without empty items`);
    return values;
  }
  if (op === 'range') {
    const values = raw.split(',');
    if (values.length !== 2 || values[0] === '' || values[1] === '') {
      throw new FilterProblem(`'range' takes lo,hi`);
    }
    return values;
  }
  return [raw];
}

function columnCondition(expr: SQL | AnyPgColumn, type: FieldType, op: FilterOp, values: unknown[]): SQL {
  const [v, hi] = values;
  if (type === 'timestamp') {
    const condition = timestampCondition(expr, op, values);
    if (condition) return condition;
  }
  const cast = type === 'uuid' ? sql`::uuid` : sql``;
  const param = (value: unknown) => sql`${value}${cast}`;
  if (type === 'text_array') {
    switch (op) {
      case 'eq':
      case 'contains':
        return sql`${expr} @> ARRAY[${v}]::text[]`;
      case 'ne':
        return sql`NOT (${expr} @> ARRAY[${v}]::text[])`;
      case 'in':
        return sql`${expr} && ARRAY[${sql.join(
          values.map((x) => sql`${x}`),
          sql`, `,
        )}]::text[]`;
      case 'is_null':
        return v ? sql`coalesce(cardinality(${expr}), 0) = 0` : sql`cardinality(${expr}) > 0`;
      default:
        throw new FilterProblem(`operation '${op}' is not supported`);
    }
  }
  switch (op) {
    case 'eq':
      return sql`${expr} = ${param(v)}`;
    case 'ne':
      return sql`${expr} IS DISTINCT FROM ${param(v)}`;
    case 'lt':
      return sql`${expr} < ${param(v)}`;
    case 'le':
      return sql`${expr} <= ${param(v)}`;
    case 'gt':
      return sql`${expr} > ${param(v)}`;
    case 'ge':
      return sql`${expr} >= ${param(v)}`;
    case 'range':
      return sql`${expr} BETWEEN ${param(v)} AND ${param(hi)}`;
    case 'in':
      return sql`${expr} IN (${sql.join(values.map(param), sql`, `)})`;
    case 'is_null':
      return v ? sql`${expr} IS NULL` : sql`${expr} IS NOT NULL`;
    case 'contains':
      return sql`${expr} LIKE ${`%${escapeLike(String(v))}%`}`;
    case 'icontains':
      return sql`${expr} ILIKE ${`%${escapeLike(String(v))}%`}`;
    case 'startswith':
      return sql`${expr} LIKE ${`${escapeLike(String(v))}%`}`;
    case 'endswith':
      return sql`${expr} LIKE ${`%${escapeLike(String(v))}`}`;
    case 'like':
      // PostgreSQL fails the whole query (22025) on a pattern that ends inside an escape.
      if (/(?:^|[^\\])(?:\\\\)*\\$/.test(String(v))) {
        throw new FilterProblem(`a 'like' pattern cannot end with an unescaped backslash`);
      }
      return sql`${expr} LIKE ${String(v)}`;
  }
}

/**
 * A JSONB attribute: text comparison on `->>`, numeric comparison when the filter value is a
 * number (non-numeric stored values never match instead of failing the query), containment for
 * `eq` so the GIN index serves it.
 */
function jsonbCondition(column: AnyPgColumn, key: string, op: FilterOp, raws: string[]): SQL {
  const text = sql`(${column} ->> ${key})`;
  const numeric = sql`(CASE WHEN ${text} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN ${text}::numeric END)`;
  const allNumeric = raws.every((r) => NUMBER.test(r));
  if (op === 'eq') {
    const candidates: unknown[] = [raws[0]];
    if (allNumeric) candidates.push(Number(raws[0]));
    if (raws[0] === 'true' || raws[0] === 'false') candidates.push(raws[0] === 'true');
    return sql`(${sql.join(
      candidates.map((c) => sql`${column} @> ${JSON.stringify({ [key]: c })}::jsonb`),
      sql` OR `,
    )})`;
  }
  if (op === 'is_null') {
    if (raws[0] !== 'true' && raws[0] !== 'false')
      throw new FilterProblem(`'${raws[0]}' is not true or false`);
    return raws[0] === 'true' ? sql`${text} IS NULL` : sql`${text} IS NOT NULL`;
  }
  if (ORDER_OPS.includes(op) && allNumeric) {
    return columnCondition(numeric, 'number', op, raws.map(Number));
  }
  return columnCondition(text, 'text', op, raws);
}

/**
 * The spec of a field the client named. Own keys only: `constructor`, `toString` or `__proto__` are
 * inherited by every object and must read as unknown fields (400), not as a spec (which crashed: 500).
 */
function fieldOf(spec: ListSpec, field: string): FieldSpec | undefined {
  return Object.hasOwn(spec.fields, field) ? spec.fields[field] : undefined;
}

function parseFilter(raw: string, spec: ListSpec): SQL {
  const first = raw.indexOf(':');
  const second = first < 0 ? -1 : raw.indexOf(':', first + 1);
  if (first < 0 || second < 0) throw new FilterProblem('expected FIELD:OP:VALUE');
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail the query.
  if (raw.includes('\u0000')) throw new FilterProblem('a filter cannot contain NUL characters');
  const field = raw.slice(0, first);
  const op = raw.slice(first + 1, second) as FilterOp;
  const value = raw.slice(second + 1);
  if (!FILTER_OPS.includes(op)) {
    throw new FilterProblem(`unknown operation '${op}'; use one of ${FILTER_OPS.join(', ')}`);
  }
  if (spec.jsonb && field.startsWith(`${spec.jsonb.prefix}.`)) {
    const key = field.slice(spec.jsonb.prefix.length + 1);
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(key))
      throw new FilterProblem(`'${key}' is not a valid attribute name`);
    return jsonbCondition(spec.jsonb.column, key, op, splitValues(op, value));
  }
  const fieldSpec = fieldOf(spec, field);
  if (!fieldSpec) {
    const known = Object.keys(spec.fields).concat(spec.jsonb ? [`${spec.jsonb.prefix}.KEY`] : []);
    throw new FilterProblem(`unknown field '${field}'; filterable fields: ${known.join(', ')}`);
  }
  const allowed = fieldSpec.ops ?? OPS_BY_TYPE[fieldSpec.type];
  if (!allowed.includes(op)) {
    throw new FilterProblem(`operation '${op}' is not supported on '${field}' (${fieldSpec.type})`);
  }
  let values: unknown[];
  if (op === 'is_null') {
    values = [convert('boolean', value, fieldSpec)];
  } else {
    values = splitValues(op, value).map((v) => convert(fieldSpec.type, v, fieldSpec));
  }
  if (fieldSpec.condition) return fieldSpec.condition(op, values);
  return columnCondition(fieldSpec.column, fieldSpec.type, op, values);
}

function parsePositiveInt(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new BadRequestError(
      `${name} must be a whole number`,
      [{ path: name, message: 'not a whole number' }],
      'invalid_query',
    );
  const n = Number(raw);
  if (n < 1 || n > max) {
    throw new BadRequestError(
      `${name} must be between 1 and ${max}`,
      [{ path: name, message: `must be 1 to ${max}` }],
      'invalid_query',
    );
  }
  return n;
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Turns `filter`, `sort`, `page` and `page_size` into drizzle conditions, or a 400 naming each problem. */
export function parseListQuery(query: ListQuery, spec: ListSpec): ParsedList {
  const problems: FieldError[] = [];
  const conditions: SQL[] = [];
  const filters = asList(query.filter);
  if (filters.length > MAX_FILTERS) {
    throw new BadRequestError(`at most ${MAX_FILTERS} filters`, undefined, 'invalid_query');
  }
  filters.forEach((raw, i) => {
    try {
      conditions.push(parseFilter(raw, spec));
    } catch (error) {
      if (!(error instanceof FilterProblem)) throw error;
      problems.push({ path: `filter[${i}]`, message: `${raw}: ${error.message}` });
    }
  });

  const orderBy: SQL[] = [];
  asList(query.sort).forEach((raw, i) => {
    const [field, direction = 'asc', ...rest] = raw.split(':');
    const fieldSpec = field ? fieldOf(spec, field) : undefined;
    if (!fieldSpec || fieldSpec.sortable === false || fieldSpec.condition) {
      problems.push({ path: `sort[${i}]`, message: `cannot sort by '${field}'` });
    } else if ((direction !== 'asc' && direction !== 'desc') || rest.length > 0) {
      problems.push({ path: `sort[${i}]`, message: `direction must be asc or desc` });
    } else {
      orderBy.push(
        direction === 'asc' ? sql`${fieldSpec.column} ASC` : sql`${fieldSpec.column} DESC NULLS LAST`,
      );
    }
  });
  if (problems.length > 0) {
    throw new BadRequestError('Invalid list query', problems, 'invalid_query');
  }
  if (orderBy.length === 0) {
    const def = spec.fields[spec.defaultSort.field];
    if (def)
      orderBy.push(spec.defaultSort.direction === 'asc' ? sql`${def.column} ASC` : sql`${def.column} DESC`);
  }
  orderBy.push(sql`${spec.tieBreaker} ASC`);

  const page = parsePositiveInt(query.page, 'page', 1, 1_000_000);
  const pageSize = parsePositiveInt(query.page_size, 'page_size', 20, 100);
  return {
    where: conditions.length > 0 ? and(...conditions) : undefined,
    orderBy,
    page,
    pageSize,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
}

/** Runs a parsed list over a table inside the caller's scope (`scope` always holds the account id). */
/** Past this many matching rows a list's total is the planner's estimate, not an exact count. */
export const EXACT_COUNT_LIMIT = 10_000;

export type ListPage<Row> = {
  rows: Row[];
  total: number;
  /** True when `total` is an estimate (more than EXACT_COUNT_LIMIT rows match). */
  totalIsEstimate: boolean;
  page: number;
  page_size: number;
};

export async function listRows<TTable extends PgTable>(
  db: DbOrTx,
  table: TTable,
  scope: SQL | undefined,
  parsed: ParsedList,
): Promise<ListPage<TTable['$inferSelect']>> {
  const where = listWhere(scope, parsed);
  const [rows, counted] = await Promise.all([
    listSelect(db, table, where, parsed),
    // Counting stops past the limit: a list over a million rows answers as fast as one over ten thousand.
    db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} WHERE ${where} LIMIT ${EXACT_COUNT_LIMIT + 1}) capped`,
    ),
  ]);
  const exact = counted.rows[0]?.n ?? 0;
  const totalIsEstimate = exact > EXACT_COUNT_LIMIT;
  const total = totalIsEstimate ? Math.max(await estimateRows(db, table, where), exact) : exact;
  return {
    rows: rows as TTable['$inferSelect'][],
    total,
    totalIsEstimate,
    page: parsed.page,
    page_size: parsed.pageSize,
  };
}

/** A list's condition: the caller's scope and the parsed filters. */
export function listWhere(scope: SQL | undefined, parsed: ParsedList): SQL {
  return and(scope, parsed.where) ?? sql`true`;
}

/** The select of a list's page (its rows) under `where` (see `listWhere`), as `listRows` runs it. */
export function listSelect<TTable extends PgTable>(
  db: DbOrTx,
  table: TTable,
  where: SQL,
  parsed: ParsedList,
) {
  // biome-ignore lint/suspicious/noExplicitAny: drizzle cannot type a select over a generic table
  const from = table as any;
  return db
    .select()
    .from(from)
    .where(where)
    .orderBy(...parsed.orderBy)
    .limit(parsed.limit)
    .offset(parsed.offset);
}

/** The planner's estimate of the rows matching `where` (from table statistics; no scan). */
async function estimateRows(db: DbOrTx, table: PgTable, where: SQL): Promise<number> {
  const plan = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE ${where}`,
  );
  return Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** The response of a list route: `{ items, total, total_is_estimate, page, page_size }`. */
export function presentPage<Row, Item>(page: ListPage<Row>, present: (row: Row) => Item) {
  return {
    items: page.rows.map(present),
    total: page.total,
    total_is_estimate: page.totalIsEstimate,
    page: page.page,
    page_size: page.page_size,
  };
}
