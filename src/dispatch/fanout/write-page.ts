import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ADDRESS_COLUMN, type ChannelType } from '../../messages/address.js';
import type { ErrorDetails } from '../outcomes.js';

/** What every message row of one broadcast shares. */
export type FanoutTarget = {
  groupMessageId: string;
  accountId: string;
  channelId: string;
  channelType: ChannelType;
  templateId: string | null;
  scheduledMessageId: string | null;
};

/** One page of the audience: the cursor it starts after, the cursor it ends at, who gets a message. */
export type AudiencePage = { after: string | null; last: string; recipients: string[] };

export type PageWrite =
  | { written: true; queuedIds: string[]; skipped: number }
  /** The group is no longer fanning out from `after` (cancelled, or another run took the page). */
  | { written: false };

const NO_ADDRESS: ErrorDetails = {
  code: 'no_address',
  message: 'the contact has no address for this channel type',
  reason: 'no_address',
};

/** Thrown inside a page's transaction to roll it back: the group no longer fans out from `after`. */
class PageNotOurs extends Error {}

/**
 * Writes one page in one transaction: inserts a message per recipient in one statement (`queued`
 * with the contact's address, or `skipped` when it has none; a recipient who already has a row is
 * left alone), then moves the group's cursor, adding the rows to fanout_written and the skipped ones
 * to skipped_count, on the condition that the group still fans out from `after`; when it does not,
 * the page is rolled back.
 *
 * The group row is updated last, so its lock is held from there to the commit, not for the whole
 * insert: every outcome write of the broadcast updates that row, and a page's insert (1,000-2,000
 * rows) held them up for a tenth of a second each time (docs/BENCHMARKS.md). The new rows are seen
 * by no other transaction before the commit, so no cancel or status writer (which lock the group,
 * then its messages) can wait on them while this transaction waits on the group: no deadlock. A
 * cancel that commits first makes the cursor update match nothing and the page is rolled back; one
 * that comes after sees these rows and cancels them.
 */
export async function writeFanoutPage(db: Db, target: FanoutTarget, page: AudiencePage): Promise<PageWrite> {
  try {
    return await db.transaction(async (tx) => {
      const queuedIds: string[] = [];
      let skipped = 0;
      if (page.recipients.length > 0) {
        const address = sql`NULLIF(btrim(c.${sql.identifier(ADDRESS_COLUMN[target.channelType])}), '')`;
        const inserted = await tx.execute<{ id: string; status: 'queued' | 'skipped' }>(sql`
          INSERT INTO messages (account_id, channel_id, contact_id, group_message_id, scheduled_message_id,
            template_id, direction, status, delivery_address, error_details, queued_at)
          SELECT ${target.accountId}::uuid, ${target.channelId}::uuid, c.id, ${target.groupMessageId}::uuid,
            ${target.scheduledMessageId}::uuid, ${target.templateId}::uuid, 'outbound',
            CASE WHEN ${address} IS NULL THEN 'skipped' ELSE 'queued' END,
            ${address},
            CASE WHEN ${address} IS NULL THEN ${JSON.stringify(NO_ADDRESS)}::jsonb END,
            CASE WHEN ${address} IS NOT NULL THEN now() END
          FROM unnest(${sql.param(page.recipients)}::uuid[]) AS r(id)
          JOIN contacts c ON c.id = r.id AND c.account_id = ${target.accountId}::uuid
          ORDER BY c.id
          ON CONFLICT (group_message_id, contact_id)
            WHERE group_message_id IS NOT NULL AND contact_id IS NOT NULL DO NOTHING
          RETURNING id, status`);
        for (const row of inserted.rows) {
          if (row.status === 'queued') queuedIds.push(row.id);
          else skipped += 1;
        }
      }
      // The rows written (a recipient who already had one is not counted again) measure the window.
      const moved = await tx.execute(sql`
        UPDATE group_messages SET fanout_cursor = ${page.last}::uuid,
          skipped_count = skipped_count + ${skipped},
          fanout_written = fanout_written + ${queuedIds.length + skipped},
          updated_at = now()
        WHERE id = ${target.groupMessageId}::uuid AND account_id = ${target.accountId}::uuid
          AND status = 'processing' AND fanout_completed_at IS NULL
          AND fanout_cursor IS NOT DISTINCT FROM ${page.after}::uuid
        RETURNING id`);
      if (moved.rows.length === 0) throw new PageNotOurs();
      return { written: true as const, queuedIds, skipped };
    });
  } catch (error) {
    if (error instanceof PageNotOurs) return { written: false };
    throw error;
  }
}
