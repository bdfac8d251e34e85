import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: operations accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export type Database = { pool: pg.Pool; db: Db };

// Return int8 (COUNT, SUM) as JS numbers; our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** Opens a pool and its drizzle handle. */
export function createDatabase(
  url: string,
  options: { max?: number; applicationName?: string; statementTimeoutMs?: number } = {},
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'turumba',
    idleTimeoutMillis: 30_000,
    // No JIT compilation: every statement here is short, and PostgreSQL's default cost threshold had
    // it compile the frequency-capped claim (a count per contact, estimated high) on every call:
    // ~28 ms of compiling for a statement that runs in 2 (pg_stat_statements' jit columns). Sent in
    // the startup packet; behind PgBouncer, list `options` in its ignore_startup_parameters and set
    // jit = off on the database instead (docs/OPERATIONS.md).
    options: '-c jit=off',
    // Sent at connect: the server cancels any statement (lock waits included) running longer.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // A client losing its connection must not crash the process: idle ones are replaced by the pool,
  // and a checked-out one (say, inside a transaction waiting on a broker) fails its next query.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return { pool, db: drizzle(pool, { schema }) };
}
