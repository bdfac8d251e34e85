import { type SQL, sql } from 'drizzle-orm';

/** A duration in milliseconds as a PostgreSQL interval parameter, for "older than" conditions. */
export function intervalOf(ms: number): SQL {
  return sql`make_interval(secs => ${ms / 1000})`;
}
