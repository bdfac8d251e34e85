import type { SQL } from 'drizzle-orm';
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
 * Runs `query` as the named statement `name`: each connection of the pool parses and plans it once,
 * then only binds and runs it. For hot statements whose text is the same on every call and whose plan
 * does not depend on the values (ids and arrays, statuses written as literals): a single message's
 * statements spent longer being planned than running. Inside a transaction it runs as
 * `db.execute` does (the transaction's client is not reachable here).
 */
export async function executeNamed<T extends Record<string, unknown>>(
  db: DbOrTx,
  name: string,
  query: SQL,
): Promise<{ rows: T[] }> {
  const pool = poolOf(db);
  if (!pool) {
    const result = await db.execute<T>(query);
    return { rows: result.rows as T[] };
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await pool.query({ name, text, values: params as unknown[], types });
  return { rows: result.rows as T[] };
}

const PREPARED = new WeakMap<object, Map<string, unknown>>();

/**
 * A drizzle query with placeholders (`sql.placeholder`), built and prepared once per pool as the
 * named statement `name`, then only executed: drizzle builds a select's SQL and result mapping
 * column by column on every call, which for a wide select cost more CPU than the query. Inside a
 * transaction (whose client a named statement cannot be bound to) it is built for the transaction.
 */
export function preparedQuery<P extends { execute: (values: Record<string, unknown>) => Promise<unknown> }>(
  db: DbOrTx,
  name: string,
  build: (db: DbOrTx) => Pick<P, 'execute'> & { prepare(name: string): P },
): Pick<P, 'execute'> {
  if (!poolOf(db)) return build(db);
  let statements = PREPARED.get(db);
  if (!statements) {
    statements = new Map();
    PREPARED.set(db, statements);
  }
  let statement = statements.get(name) as P | undefined;
  if (!statement) {
    statement = build(db).prepare(name);
    statements.set(name, statement);
  }
  return statement;
}

/** The pool behind a database handle; undefined for a transaction (its client is not shared). */
function poolOf(db: DbOrTx): pg.Pool | undefined {
  const pool = (db as { $client?: unknown }).$client;
  return pool instanceof pg.Pool ? pool : undefined;
}
