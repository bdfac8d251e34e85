import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/**
 * Who a broadcast goes to: members of `groupIds` ∪ `contactIds` − `excluded`, contacts of
 * `accountId` only. Members who joined a group after the fan-out started are left out, so the
 * audience is the one counted into total_recipients.
 */
export type Audience = {
  accountId: string;
  groupIds: string[];
  /** Explicit recipients, sorted and distinct (uuid order, which is their lowercase string order). */
  contactIds: string[];
  excluded: ReadonlySet<string>;
  joinedBefore: Date;
};

// Below every uuid value, so `contact_id > NIL` starts a range scan at the beginning.
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const uuids = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

/** The audience of a group message row. */
export function audienceOf(group: {
  accountId: string;
  contactGroupIds: string[];
  contactIds: string[];
  excludeContactIds: string[];
  startedAt: Date | null;
}): Audience {
  return {
    accountId: group.accountId,
    groupIds: [...new Set(group.contactGroupIds)],
    contactIds: [...new Set(group.contactIds.map((id) => id.toLowerCase()))].sort(),
    excluded: new Set(group.excludeContactIds.map((id) => id.toLowerCase())),
    // started_at went through a JS Date (milliseconds); a member counted in the same millisecond
    // must not fall outside. One who joined in that millisecond after the count is drift, which
    // the end of the fan-out settles.
    joinedBefore: new Date((group.startedAt ?? new Date()).getTime() + 1),
  };
}

/**
 * Counts the de-duplicated audience in one query. A single group needs no de-duplication, so it is
 * a plain join count; several sources are de-duplicated with UNION. Exclusions are an anti-join
 * (a hashed NOT IN), not a per-row scan of the exclusion list.
 */
export async function countAudience(db: DbOrTx, audience: Audience): Promise<number> {
  const { accountId, groupIds, contactIds } = audience;
  const excluded = uuids([...audience.excluded]);
  const source =
    groupIds.length === 1 && contactIds.length === 0
      ? sql`SELECT m.contact_id FROM contact_group_members m
            WHERE m.group_id = ${groupIds[0]}::uuid AND m.account_id = ${accountId}::uuid`
      : sql`SELECT m.contact_id FROM contact_group_members m
            WHERE m.group_id = ANY(${uuids(groupIds)}) AND m.account_id = ${accountId}::uuid
            UNION
            SELECT unnest(${uuids(contactIds)})`;
  const result = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n
    FROM (${source}) u(contact_id)
    JOIN contacts c ON c.id = u.contact_id AND c.account_id = ${accountId}::uuid
    WHERE u.contact_id NOT IN (SELECT unnest(${excluded}))`);
  return result.rows[0]?.n ?? 0;
}

/**
 * The next page of the audience after `after` (null: from the start): up to `limit` distinct contact
 * ids in ascending order, exclusions included (the caller drops them but still moves its cursor past
 * them). Each group's page is its own range scan on the members' primary key (group_id,
 * contact_id), merged and de-duplicated in the same query (one round trip returning `limit` ids);
 * the explicit contact ids are merged in memory. Nothing before the cursor is read again.
 */
export async function readAudiencePage(
  db: DbOrTx,
  audience: Audience,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const from = after ?? NIL_UUID;
  let fromGroups: string[] = [];
  if (audience.groupIds.length > 0) {
    const result = await db.execute<{ contact_id: string }>(sql`
      SELECT DISTINCT p.contact_id
      FROM unnest(${uuids(audience.groupIds)}) g(id)
      CROSS JOIN LATERAL (
        SELECT m.contact_id FROM contact_group_members m
        WHERE m.group_id = g.id AND m.contact_id > ${from}::uuid
          AND m.account_id = ${audience.accountId}::uuid
          AND m.created_at < ${audience.joinedBefore.toISOString()}::timestamptz
        ORDER BY m.contact_id
        LIMIT ${limit}
      ) p
      ORDER BY p.contact_id
      LIMIT ${limit}`);
    fromGroups = result.rows.map((r) => r.contact_id);
  }
  const explicit = nextIds(audience.contactIds, after, limit);
  return mergeDistinct(fromGroups, explicit, limit);
}

/** Up to `limit` ids of a sorted list that come after `after`. */
function nextIds(sorted: readonly string[], after: string | null, limit: number): string[] {
  if (after === null) return sorted.slice(0, limit);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= after) lo = mid + 1;
    else hi = mid;
  }
  return sorted.slice(lo, lo + limit);
}

/**
 * The first `limit` distinct ids of two sorted lists. Correct for truncated lists: a list that
 * returned `limit` ids alone holds `limit` distinct ids up to its last one, so nothing it left out
 * can be among the first `limit`.
 */
export function mergeDistinct(a: readonly string[], b: readonly string[], limit: number): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    let next: string;
    if (y === undefined || (x !== undefined && x <= y)) {
      next = x as string;
      i += 1;
      if (next === y) j += 1;
    } else {
      next = y;
      j += 1;
    }
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
