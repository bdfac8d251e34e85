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

/**
 * Writes one page in one transaction: moves the group's cursor (conditional on the group still
 * fanning out from `after`), inserts a message per recipient in one statement (`queued` with the
 * contact's address, or `skipped` when it has none; a recipient who already has a row is left
 * alone) and adds the rows to fanout_written and the skipped ones to skipped_count.
 *
 * The group row is updated first, so this transaction holds its lock before touching messages, the
 * order cancel and the status writer use. A cancel that commits first makes the cursor update match
 * nothing and the page is not written; one that comes after sees these rows and cancels them.
 */
export async function writeFanoutPage(db: Db, target: FanoutTarget, page: AudiencePage): Promise<PageWrite> {
  return db.transaction(async (tx) => {
    const moved = await tx.execute(sql`
      UPDATE group_messages SET fanout_cursor = ${page.last}::uuid, updated_at = now()
      WHERE id = ${target.groupMessageId}::uuid AND account_id = ${target.accountId}::uuid
        AND status = 'processing' AND fanout_completed_at IS NULL
        AND fanout_cursor IS NOT DISTINCT FROM ${page.after}::uuid
      RETURNING id`);
    if (moved.rows.length === 0) return { written: false };
    if (page.recipients.length === 0) return { written: true, queuedIds: [], skipped: 0 };

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

    const queuedIds: string[] = [];
    let skipped = 0;
    for (const row of inserted.rows) {
      if (row.status === 'queued') queuedIds.push(row.id);
      else skipped += 1;
    }
    // The rows written (a recipient who already had one is not counted again) measure the window.
    if (inserted.rows.length > 0) {
      await tx.execute(sql`
        UPDATE group_messages SET skipped_count = skipped_count + ${skipped},
          fanout_written = fanout_written + ${inserted.rows.length}
        WHERE id = ${target.groupMessageId}::uuid`);
    }
    return { written: true, queuedIds, skipped };
  });
}
