import { type SQL, sql } from 'drizzle-orm';

/**
 * `rows` as a table of a statement: `jsonb_to_recordset` of their JSON under `alias(columns)`, with
 * their number made known to the planner. PostgreSQL estimates a `jsonb_to_recordset` at 100 rows
 * whatever it holds; joined to `messages` before any ANALYZE, the outcome of one single message was
 * planned as a hash join over a bitmap scan of every pending message's index entry (1.8 ms at 6,000
 * rows, more as the table grows) instead of one primary-key lookup (0.07 ms). A `LIMIT` of exactly
 * the number of rows changes no result and gives the planner the count (the statement must be planned
 * with its values: not for named statements).
 */
export function recordset(rows: readonly unknown[], alias: string, columns: SQL): SQL {
  return sql`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS ${sql.raw(alias)}(${columns})
    LIMIT ${rows.length})`;
}
