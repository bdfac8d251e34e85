import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/**
 * Fills `cache` (lowercased name → id) for `names`, creating the groups that do not exist yet.
 * Names match case-insensitively, like the `contact_groups` unique index; a new group keeps the
 * first spelling met. Safe against a concurrent creation: the insert skips names already taken.
 */
export async function resolveGroupIds(
  db: DbOrTx,
  accountId: string,
  names: string[],
  cache: Map<string, string>,
): Promise<void> {
  const missing = new Map<string, string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (!cache.has(key) && !missing.has(key)) missing.set(key, name);
  }
  if (missing.size === 0) return;
  await db.execute(sql`
    INSERT INTO contact_groups (account_id, name)
    SELECT ${accountId}, n FROM unnest(${sql.param([...missing.values()])}::text[]) AS n
    ON CONFLICT (account_id, lower(name)) DO NOTHING`);
  // Joined on PostgreSQL's lower(), the one the unique index uses, and answered with our own key.
  const found = await db.execute(sql`
    SELECT k.key, g.id
    FROM unnest(${sql.param([...missing.values()])}::text[], ${sql.param([...missing.keys()])}::text[]) AS k(name, key)
    JOIN contact_groups g ON g.account_id = ${accountId} AND lower(g.name) = lower(k.name)`);
  for (const row of found.rows as { id: string; key: string }[]) cache.set(row.key, row.id);
}
