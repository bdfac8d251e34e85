import { type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { executeNamed } from '../db/named-query.js';

/** A message this worker may now send: it is `sending`, and `attempt` is this attempt's number. */
export type ClaimedMessage = {
  id: string;
  attempt: number;
  /** The status it was claimed from: `queued` and `scheduled` start a round of attempts, `failed` continues one. */
  previousStatus: 'queued' | 'failed' | 'scheduled';
  /** Retries left in the round, as recorded by the last failed attempt. */
  retriesLeft: number | null;
};

/** The account's frequency cap, for a broadcast message to a contact (see consent-gate.ts). */
export type ClaimCap = { contactId: string; perDay: number | null; perWeek: number | null };

export type ClaimRequest = { id: string; accountId: string; cap?: ClaimCap | undefined };

/** Per request: the claim; `frequency_capped` (not claimed: its contact had the cap's count); or null. */
export type ClaimResult = ClaimedMessage | 'frequency_capped' | null;

// Jobs and the database clocks may differ a little; a due retry or schedule is claimable this early.
const DUE_TOLERANCE = sql.raw(`interval '1 second'`);

/**
 * queued|failed|scheduled → sending, conditional and in one statement for every id: only rows still
 * waiting (a failed one only once its retry is due, a scheduled one once its time came), of the given
 * account, and not in a cancelled group. Rows are locked in id order (no deadlock between two claims)
 * and re-checked after any wait, so a replayed job, a duplicate job or a cancel that committed first
 * leaves the row alone. Returns one entry per request: the claim, `frequency_capped`, or null.
 *
 * Requests with a `cap` (broadcast messages of an account with a frequency cap) are claimed only
 * while their contact's broadcast messages sent in the rolling day / week, plus those being sent
 * right now (`sending`), plus the ones claimed before them in this statement, stay within the cap.
 * Their contacts' advisory locks (account + contact, in key order, held to the commit) are taken in a
 * statement of their own first, so the count's snapshot sees every claim that committed before: two
 * broadcasts claiming for the same contact at the same instant are serialized there, and the cap is
 * exact. Without a capped request it is the one statement it always was.
 */
export async function claimMessages(db: Db, requests: ClaimRequest[]): Promise<ClaimResult[]> {
  if (requests.length === 0) return [];
  const capped = requests.filter((r) => r.cap);
  if (capped.length === 0) return claimIn(db, requests, false);
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      SELECT pg_advisory_xact_lock(l.key) FROM (
        SELECT DISTINCT hashtextextended(c.account_id::text || '/' || c.contact_id::text, 0) AS key
        FROM unnest(${sql.param(capped.map((r) => r.accountId))}::uuid[],
          ${sql.param(capped.map((r) => r.cap!.contactId))}::uuid[]) AS c(account_id, contact_id)
      ) l ORDER BY l.key`);
    return claimIn(tx, requests, true);
  });
}

/**
 * What each capped contact (`capped`: account_id, contact_id) already had: broadcast messages sent
 * in the last week (the day's among them), and those in flight. Broadcast sends are only ever claimed
 * through here. Both are lookups per contact on the contact's partial indexes (sent / being sent),
 * with no condition on the account (a contact's messages are its account's): a join, or an account
 * condition, let the planner AND in an index of the account's whole history, and a scan of the
 * account's `sending` rows read all of them plus every dead entry earlier sends left in the index.
 */
export const CAP_COUNTS: SQL = sql`
  SELECT c.account_id, c.contact_id, (s.day + f.n)::int AS day, (s.week + f.n)::int AS week FROM capped c
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE m.sent_at >= now() - interval '1 day') AS day, count(*) AS week
    FROM messages m
    WHERE m.contact_id = c.contact_id AND m.group_message_id IS NOT NULL
      AND m.sent_at >= now() - interval '7 days' AND m.status <> 'sending') s
  CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM messages m
    WHERE m.contact_id = c.contact_id AND m.status = 'sending' AND m.group_message_id IS NOT NULL) f`;
const NO_CAP_COUNTS = sql`SELECT NULL::uuid AS account_id, NULL::uuid AS contact_id, 0 AS day, 0 AS week WHERE false`;

async function claimIn(db: DbOrTx, requests: ClaimRequest[], withCap: boolean): Promise<ClaimResult[]> {
  const had = withCap ? CAP_COUNTS : NO_CAP_COUNTS;
  // A message asked for twice in one flush is one row here (and one claim, for the first asker).
  const unique = [...new Map(requests.map((r) => [r.id, r])).values()];
  const param = <T>(pick: (r: ClaimRequest) => T) => sql.param(unique.map(pick));
  // Named when uncapped (on the pool, one text): planned once per connection instead of on every
  // flush. The capped claim runs in its transaction and is planned each time.
  const result = await executeNamed<{
    id: string;
    attempts: number | null;
    previous_status: ClaimedMessage['previousStatus'];
    retries_left: number | null;
    capped: boolean;
  }>(
    db,
    'dispatch-claim',
    sql`
    WITH req AS (
      SELECT * FROM unnest(${param((r) => r.id)}::uuid[], ${param((r) => r.accountId)}::uuid[],
        ${param((r) => r.cap?.contactId ?? null)}::uuid[], ${param((r) => r.cap?.perDay ?? null)}::int[],
        ${param((r) => r.cap?.perWeek ?? null)}::int[]) AS r(id, account_id, cap_contact, per_day, per_week)
    ),
    claimable AS (
      SELECT m.id, m.status, r.account_id, r.cap_contact, r.per_day, r.per_week FROM messages m
      JOIN req r ON m.id = r.id AND m.account_id = r.account_id
      WHERE (m.status = 'queued'
          OR (m.status = 'failed' AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now() + ${DUE_TOLERANCE}))
          OR (m.status = 'scheduled' AND (m.scheduled_at IS NULL OR m.scheduled_at <= now() + ${DUE_TOLERANCE})))
        AND NOT EXISTS (
          SELECT 1 FROM group_messages g WHERE g.id = m.group_message_id AND g.status = 'cancelled')
      ORDER BY m.id
      FOR UPDATE OF m
    ),
    capped AS (SELECT DISTINCT account_id, cap_contact AS contact_id FROM req WHERE cap_contact IS NOT NULL),
    had AS (${had}),
    verdict AS (
      SELECT c.id, c.status,
        c.cap_contact IS NULL OR (
          (c.per_day IS NULL OR COALESCE(h.day, 0) + c.n <= c.per_day)
          AND (c.per_week IS NULL OR COALESCE(h.week, 0) + c.n <= c.per_week)) AS allowed
      FROM (SELECT claimable.*,
          row_number() OVER (PARTITION BY account_id, cap_contact ORDER BY id) AS n FROM claimable) c
      LEFT JOIN had h ON h.account_id = c.account_id AND h.contact_id = c.cap_contact
    ),
    claimed AS (
      UPDATE messages m SET
        status = 'sending',
        attempts = m.attempts + 1,
        sending_at = now(),
        queued_at = COALESCE(m.queued_at, now()),
        updated_at = now()
      FROM verdict v
      WHERE m.id = v.id AND v.allowed
      RETURNING m.id, m.attempts, v.status AS previous_status,
        CASE WHEN jsonb_typeof(m.error_details->'retries_left') = 'number'
          THEN (m.error_details->>'retries_left')::int END AS retries_left
    )
    SELECT id, attempts, previous_status, retries_left, false AS capped FROM claimed
    UNION ALL
    SELECT id, NULL, status, NULL, true FROM verdict WHERE NOT allowed`,
  );
  const byId = new Map<string, ClaimResult>(
    result.rows.map((r) => [
      r.id,
      r.capped
        ? 'frequency_capped'
        : { id: r.id, attempt: r.attempts!, previousStatus: r.previous_status, retriesLeft: r.retries_left },
    ]),
  );
  // Two jobs asking for the same message in one flush: only the first one gets it.
  return requests.map((r) => {
    const claim = byId.get(r.id) ?? null;
    byId.delete(r.id);
    return claim;
  });
}
