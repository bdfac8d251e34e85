import { createHash } from 'node:crypto';
import { type DriverValueEncoder, Param, Placeholder, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { DbOrTx } from './client.js';

const dialect = new PgDialect();

// What drizzle's own raw queries (`db.execute`) return as text rather than parse: dates, times,
// intervals and their arrays. Named statements answer in the same shapes.
const AS_TEXT = new Set([1082, 1114, 1184, 1186, 1231, 1115, 1185, 1187, 1182]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    AS_TEXT.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Runs `query` as the named statement `name`: each connection parses it once, then only binds and
 * runs it. For hot statements whose text is the same on every call: a single message's statements
 * spent longer being planned than running. In a transaction it is named on the transaction's
 * connection (a pool connection, which keeps its named statements when it goes back to the pool).
 *
 * Beware of what PostgreSQL does with a named statement: after five custom plans it keeps one
 * generic plan for the connection's life when that plan is estimated no dearer, and only an ANALYZE
 * (or DDL) of a table it reads replans it. A generic plan made while a table was small (a new
 * deployment, or any table before autovacuum's first ANALYZE) may read it by sequential scan or
 * through a small partial index, and would keep doing so at a million rows: an UPDATE of messages
 * by id from `jsonb_to_recordset` is planned as a hash join over a sequential scan on a table of a
 * few rows, a select by id and account through the account's status index, a send batch's read of
 * one message as a sequential scan. Name only statements that read no table (inserts from values,
 * the outbox write, the call of a function that plans its own statements per call), or lookups of a
 * unique key that tests/db/cached-plans.test.ts runs first on small tables and then on large ones
 * (the opt-out lookup, the frequency cap's count). A statement over a table that grows is better
 * planned on every call (`builtQuery` for a drizzle select).
 */
export async function executeNamed<T extends Record<string, unknown>>(
  db: DbOrTx,
  name: string,
  query: SQL,
  /** The text may vary (a builder's output): each text gets a name of its own, `name` + its hash. */
  options: { variants?: boolean } = {},
): Promise<{ rows: T[] }> {
  const client = poolOf(db) ?? clientOf(db);
  if (!client) {
    const result = await db.execute<T>(query);
    return { rows: result.rows as T[] };
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  const named = options.variants ? `${name}-${createHash('sha1').update(text).digest('base64url')}` : name;
  const result = await client.query({ name: named, text, values: params as unknown[], types });
  return { rows: result.rows as T[] };
}

/** A compiled statement's parameter: a value fixed when it was built, or a placeholder's value. */
type Slot = { fixed: unknown } | { name: string; encoder: DriverValueEncoder<unknown, unknown> | undefined };

/**
 * A statement built from drizzle once, where every value that varies is a `sql.placeholder`, then
 * run as the named statement `name` with only its values bound (each encoded by its column, as
 * drizzle would, `null` as is). For the hottest statement whose shape never changes: drizzle built
 * the text of a single message's insert (about thirty parameters, its event and audit entry) on
 * every request, which cost the API more CPU than anything else it does per message. `build` gets
 * the first caller's handle (any handle builds the same text). Runs on the pool, or on the
 * transaction's connection inside a transaction.
 */
export function compiledStatement<T extends Record<string, unknown>>(
  name: string,
  build: (db: DbOrTx) => SQL,
) {
  let compiled: { text: string; slots: Slot[] } | undefined;
  return async (db: DbOrTx, values: Record<string, unknown>): Promise<{ rows: T[] }> => {
    compiled ??= compile(build(db));
    const client = poolOf(db) ?? clientOf(db);
    if (!client) throw new Error(`the statement ${name} needs a node-postgres pool or connection`);
    const params = compiled.slots.map((slot) => {
      if ('fixed' in slot) return slot.fixed;
      if (!(slot.name in values)) throw new Error(`the statement ${name} has no value for ${slot.name}`);
      const value = values[slot.name];
      return value === null || value === undefined || !slot.encoder
        ? (value ?? null)
        : slot.encoder.mapToDriverValue(value);
    });
    const result = await client.query({ name, text: compiled.text, values: params, types });
    return { rows: result.rows as T[] };
  };
}

function compile(query: SQL): { text: string; slots: Slot[] } {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const slots = (params as unknown[]).map((param): Slot => {
    if (param instanceof Placeholder) return { name: param.name, encoder: undefined };
    if (param instanceof Param && param.value instanceof Placeholder) {
      return { name: param.value.name, encoder: param.encoder };
    }
    return { fixed: param };
  });
  return { text, slots };
}

const BUILT = new WeakMap<object, Map<string, unknown>>();

/**
 * A drizzle query with placeholders (`sql.placeholder`), built once per pool under `name` (its SQL
 * text and its result mapping), then only executed: drizzle builds a select's SQL and mapping column
 * by column on every call, which for a wide select cost more CPU than the query. It is sent unnamed,
 * so PostgreSQL plans it with its values on every call: these statements read tables that grow, and
 * a named statement's generic plan, made in a connection's first seconds while a table held a few
 * rows, read the whole table on every call for the connection's life (a send batch's read of one
 * message read all 120,000 rows: tests/db/cached-plans.test.ts). Inside a transaction it is built
 * for the transaction.
 */
export function builtQuery<P extends { execute: (values: Record<string, unknown>) => Promise<unknown> }>(
  db: DbOrTx,
  name: string,
  build: (db: DbOrTx) => Pick<P, 'execute'> & { prepare(name: string): P },
): Pick<P, 'execute'> {
  if (!poolOf(db)) return build(db);
  let statements = BUILT.get(db);
  if (!statements) {
    statements = new Map();
    BUILT.set(db, statements);
  }
  let statement = statements.get(name) as P | undefined;
  if (!statement) {
    // The empty name is node-postgres' unnamed statement: parsed and planned anew on each call.
    statement = build(db).prepare('');
    statements.set(name, statement);
  }
  return statement;
}

/** The pool behind a database handle; undefined for a transaction (its client is not shared). */
export function poolOf(db: DbOrTx): pg.Pool | undefined {
  const pool = (db as { $client?: unknown }).$client;
  return pool instanceof pg.Pool ? pool : undefined;
}

/** The connection a drizzle transaction runs on (its session's client). */
function clientOf(db: DbOrTx): pg.ClientBase | undefined {
  const client = (db as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : undefined;
}
