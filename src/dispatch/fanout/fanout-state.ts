import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { channels, groupMessages } from '../../db/schema/index.js';
import type { ChannelType } from '../../messages/address.js';
import { CHANNEL_GONE } from '../channel-gate.js';
import { completeFinishedGroups } from '../group-progress.js';
import { audienceOf, countAudience } from './audience.js';

/** What the fan-out reads of a group message and its channel. */
export type FanoutGroup = {
  id: string;
  accountId: string;
  status: (typeof groupMessages.$inferSelect)['status'];
  channelId: string | null;
  channelType: ChannelType | null;
  channelRateLimit: number | null;
  sendRate: number | null;
  templateId: string | null;
  scheduledMessageId: string | null;
  contactGroupIds: string[];
  contactIds: string[];
  excludeContactIds: string[];
  scheduledAt: Date | null;
  startedAt: Date | null;
  totalRecipients: number;
  fanoutCursor: string | null;
  fanoutCompletedAt: Date | null;
};

/** Loads a group message of an account with its channel's type and rate limit, or undefined. */
export async function loadFanoutGroup(
  db: Db,
  accountId: string,
  groupMessageId: string,
): Promise<FanoutGroup | undefined> {
  const [row] = await db
    .select({
      id: groupMessages.id,
      accountId: groupMessages.accountId,
      status: groupMessages.status,
      channelId: groupMessages.channelId,
      channelType: channels.channelType,
      channelRateLimit: channels.rateLimit,
      sendRate: groupMessages.sendRate,
      templateId: groupMessages.templateId,
      scheduledMessageId: groupMessages.scheduledMessageId,
      contactGroupIds: groupMessages.contactGroupIds,
      contactIds: groupMessages.contactIds,
      excludeContactIds: groupMessages.excludeContactIds,
      scheduledAt: groupMessages.scheduledAt,
      startedAt: groupMessages.startedAt,
      totalRecipients: groupMessages.totalRecipients,
      fanoutCursor: groupMessages.fanoutCursor,
      fanoutCompletedAt: groupMessages.fanoutCompletedAt,
    })
    .from(groupMessages)
    .leftJoin(channels, and(eq(channels.id, groupMessages.channelId), eq(channels.accountId, accountId)))
    .where(and(eq(groupMessages.id, groupMessageId), eq(groupMessages.accountId, accountId)));
  return row;
}

/**
 * queued → processing, in one transaction with the count of the de-duplicated audience into
 * total_recipients and started_at. The group row is locked first, so a cancel either wins (nothing
 * starts) or waits and then sees a processing group with its total. Returns the started group, or
 * undefined when it was no longer queued.
 */
export async function beginFanout(db: Db, group: FanoutGroup): Promise<FanoutGroup | undefined> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute<{ started_at: Date | string }>(sql`
      SELECT now() AS started_at FROM group_messages
      WHERE id = ${group.id}::uuid AND account_id = ${group.accountId}::uuid AND status = 'queued'
      FOR UPDATE`);
    const now = locked.rows[0]?.started_at;
    if (now === undefined) return undefined;
    const startedAt = new Date(now);
    const total = await countAudience(tx, audienceOf({ ...group, startedAt }));
    await tx
      .update(groupMessages)
      .set({
        status: 'processing',
        totalRecipients: total,
        startedAt,
        fanoutCursor: null,
        updatedAt: startedAt,
      })
      .where(and(eq(groupMessages.id, group.id), eq(groupMessages.accountId, group.accountId)));
    return { ...group, status: 'processing' as const, startedAt, totalRecipients: total, fanoutCursor: null };
  });
}

/**
 * Ends the fan-out after its last page: fanout_completed_at, and the group completes at once when
 * nothing is pending (e.g. every recipient was skipped). total_recipients becomes the number of
 * message rows the fan-out wrote (fanout_written, a counter that a delete never lowers): they differ
 * from the count at the start only when the audience changed while the fan-out ran (a contact
 * deleted, a member who joined while the count ran), and pending must still reach 0.
 * Conditional like a page write: undefined when the group was cancelled or another run ended it;
 * else the final total and the one counted at the start.
 */
export async function finishFanout(
  db: Db,
  group: FanoutGroup,
  after: string | null,
): Promise<{ total: number; counted: number } | undefined> {
  return db.transaction(async (tx) => {
    const ended = await tx.execute<{ total_recipients: number; counted: number }>(sql`
      UPDATE group_messages g SET
        fanout_completed_at = now(),
        total_recipients = g.fanout_written,
        updated_at = now()
      FROM (SELECT total_recipients AS counted FROM group_messages WHERE id = ${group.id}::uuid) before
      WHERE g.id = ${group.id}::uuid AND g.account_id = ${group.accountId}::uuid
        AND g.status = 'processing' AND g.fanout_completed_at IS NULL
        AND g.fanout_cursor IS NOT DISTINCT FROM ${after}::uuid
      RETURNING g.total_recipients, before.counted`);
    const row = ended.rows[0];
    if (!row) return undefined;
    await completeFinishedGroups(tx, [group.id]);
    return { total: row.total_recipients, counted: row.counted };
  });
}

/**
 * Messages of a broadcast written by its fan-out and not finished yet (queued, sending, or waiting
 * for a retry): its send window in use. Read from the group's counters, one row, less its held
 * messages (`scheduled`, counted on the (group, status) index: none for most broadcasts).
 */
export async function readGroupBacklog(db: Db, groupMessageId: string): Promise<number> {
  // Messages held for a later time (a local send time hours away, quiet hours) are not in flight:
  // they wait in delayed jobs, and counting them would stall the fan-out until they are released
  // and write the rest of the audience after their recipients' time has passed.
  const result = await db.execute<{ backlog: number }>(sql`
    SELECT g.fanout_written - g.sent_count - g.failed_count - g.skipped_count - g.cancelled_count
      - (SELECT count(*) FROM messages m WHERE m.group_message_id = g.id AND m.status = 'scheduled')::int
      AS backlog
    FROM group_messages g WHERE g.id = ${groupMessageId}::uuid`);
  return Math.max(0, result.rows[0]?.backlog ?? 0);
}

/** Why a broadcast ended early, shown on the group message (`error_details`). */
export const CHANNEL_DELETED = {
  code: 'channel_deleted',
  message: 'The channel of this broadcast was deleted while it was sending; the rest was not sent',
};

/**
 * Ends a broadcast whose channel is gone: its written messages still waiting are recorded
 * `permanently_failed` (channel_not_found, as the send path records them), the recipients never
 * written count as failed too, and the group finishes (`failed`, or `partially_failed` when some were
 * sent before) with `error_details` saying why. The group row is locked first, like every status
 * writer; messages in flight (`sending`) are counted by their own outcome. Undefined when the group
 * was no longer fanning out (cancelled, finished, or ended by another run).
 */
export async function endFanoutWithoutChannel(
  db: Db,
  group: FanoutGroup,
): Promise<{ settled: number; never_written: number } | undefined> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute<{ total_recipients: number; fanout_written: number }>(sql`
      SELECT total_recipients, fanout_written FROM group_messages
      WHERE id = ${group.id}::uuid AND account_id = ${group.accountId}::uuid
        AND status = 'processing' AND fanout_completed_at IS NULL
      FOR UPDATE`);
    const row = locked.rows[0];
    if (!row) return undefined;
    const settled = await tx.execute(sql`
      UPDATE messages SET status = 'permanently_failed', failed_at = now(), next_attempt_at = NULL,
        error_details = ${JSON.stringify(CHANNEL_GONE)}::jsonb, updated_at = now()
      WHERE group_message_id = ${group.id}::uuid AND account_id = ${group.accountId}::uuid
        AND status IN ('queued', 'failed', 'scheduled')`);
    const neverWritten = Math.max(0, row.total_recipients - row.fanout_written);
    const failed = (settled.rowCount ?? 0) + neverWritten;
    await tx.execute(sql`
      UPDATE group_messages SET
        failed_count = failed_count + ${failed},
        fanout_completed_at = now(),
        error_details = ${JSON.stringify(CHANNEL_DELETED)}::jsonb,
        updated_at = now()
      WHERE id = ${group.id}::uuid`);
    await completeFinishedGroups(tx, [group.id]);
    return { settled: settled.rowCount ?? 0, never_written: neverWritten };
  });
}

/** Records on a broadcast that its channel is gone (once), when its messages fail for that reason. */
export async function noteChannelDeleted(db: DbOrTx, groupMessageIds: readonly string[]): Promise<void> {
  if (groupMessageIds.length === 0) return;
  await db.execute(sql`
    UPDATE group_messages SET error_details = ${JSON.stringify(CHANNEL_DELETED)}::jsonb
    WHERE id = ANY(${sql.param([...groupMessageIds])}::uuid[]) AND error_details IS NULL`);
}
