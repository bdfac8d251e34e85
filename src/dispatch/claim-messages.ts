import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
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

/**
 * queued|failed|scheduled → sending, conditional and in one round trip for every id: only rows still
 * waiting (a failed one only once its retry is due, a scheduled one once its time came), of the given
 * account, and not in a cancelled group. Rows are locked in id order (no deadlock between two claims)
 * and re-checked after any wait, so a replayed job, a duplicate job or a cancel that committed first
 * leaves the row alone. Returns one entry per request: the claim, `frequency_capped`, or null.
 *
 * Requests with a `cap` (broadcast messages of an account with a frequency cap) are claimed only
 * while their contact's broadcast messages sent in the rolling day / week, plus those being sent
 * right now (`sending`), plus the ones claimed before them in this claim, stay within the cap.
 * Their contacts' advisory locks (account + contact, in key order, held to the commit) are taken
 * first, in a statement of their own, so the count's snapshot sees every claim that committed
 * before: two broadcasts claiming for the same contact at the same instant are serialized there, and
 * the cap is exact. Both statements are the database function `claim_messages` (migration 0018),
 * where each statement takes a fresh snapshot: one call in place of a transaction of four round trips.
 * A claim with no capped request (migration 0019) runs the claim statement alone, which PostgreSQL
 * plans in a third of the time of the capped one (each call is planned: the plan follows the table).
 */
export async function claimMessages(db: DbOrTx, requests: ClaimRequest[]): Promise<ClaimResult[]> {
  if (requests.length === 0) return [];
  // A message asked for twice in one flush is one row here, claimed as the first asker asked (its
  // account and cap), and the claim goes to that asker.
  const first = new Map<string, ClaimRequest>();
  for (const r of requests) if (!first.has(r.id)) first.set(r.id, r);
  const unique = [...first.values()];
  const param = <T>(pick: (r: ClaimRequest) => T) => sql.param(unique.map(pick));
  const result = await executeNamed<{
    id: string;
    attempts: number | null;
    previous_status: ClaimedMessage['previousStatus'];
    retries_left: number | null;
    capped: boolean;
  }>(
    db,
    'dispatch-claim',
    sql`SELECT * FROM claim_messages(${param((r) => r.id)}::uuid[], ${param((r) => r.accountId)}::uuid[],
      ${param((r) => r.cap?.contactId ?? null)}::uuid[], ${param((r) => r.cap?.perDay ?? null)}::int[],
      ${param((r) => r.cap?.perWeek ?? null)}::int[])`,
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

/**
 * What each capped contact (`capped`: account_id, contact_id) already had: broadcast messages sent
 * in the last week (the day's among them), and those in flight — the claim's own count, the database
 * function `contact_cap_counts` (two lookups per contact on its partial indexes, no condition on the
 * account), inlined here.
 */
export const CAP_COUNTS: SQL = sql`
  SELECT c.account_id, c.contact_id, k.day, k.week FROM capped c
  CROSS JOIN LATERAL contact_cap_counts(c.contact_id) k`;
