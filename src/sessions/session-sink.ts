import { sql } from 'drizzle-orm';
import type { SessionSink } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { isFinal } from '../dispatch/receipts.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import { type InboxEvent, inboxRows, insertInboxRows } from '../webhooks/inbox.js';
import { moveSessionStatus } from './session-status.js';

/**
 * The sink of one channel's session listener. What a session receives takes the webhooks' path:
 * receipts and inbound messages go into the inbox (`webhook_events`, deduplicated by their ids)
 * and the `webhooks` role applies them like any provider webhook — the one receipt path, the one
 * inbound path. The listener's cursor is written in the same transaction, so what was handed over
 * is never fetched again and what was not is never skipped.
 */
export function createSessionSink(
  db: Db,
  channel: Pick<
    ChannelRow,
    'id' | 'accountId' | 'provider' | 'createdAt' | 'credentialsCiphertext' | 'config'
  >,
  logger: Logger,
  onState?: (state: 'connected' | 'disconnected' | 'error') => void,
): SessionSink {
  // State reports are written one at a time, in order, never blocking the listener.
  let writing: Promise<unknown> = Promise.resolve();
  return {
    since: channel.createdAt,
    async deliver({ receipts, inbound, cursor }) {
      const events: InboxEvent[] = [
        // Only receipts that can change a message; unknown ones are kept, like a webhook's.
        ...receipts
          .filter((e) => isFinal(e) || e.status === 'unknown')
          .map((event) => ({ kind: 'status' as const, event })),
        ...inbound.map((event) => ({ kind: 'inbound' as const, event })),
      ];
      await db.transaction(async (tx) => {
        await insertInboxRows(tx, inboxRows(channel, events));
        await tx.execute(sql`
          INSERT INTO session_cursors (channel_id, account_id, cursor, updated_at)
          VALUES (${channel.id}, ${channel.accountId}, ${cursor}, now())
          ON CONFLICT (channel_id) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`);
      });
    },
    async cursor() {
      const found = await db.execute<{ cursor: string }>(sql`
        SELECT cursor FROM session_cursors WHERE channel_id = ${channel.id} AND account_id = ${channel.accountId}`);
      return found.rows[0]?.cursor ?? null;
    },
    state(state, detail) {
      onState?.(state);
      writing = writing
        .then(() => moveSessionStatus(db, channel, state, detail ?? null))
        .then((moved) => {
          if (moved)
            logger.info({ channel_id: channel.id, status: moved }, 'channel status from its session');
        })
        .catch((error: unknown) =>
          logger.warn(
            { channel_id: channel.id, err: (error as Error).name },
            'writing a session status failed',
          ),
        );
    },
    log(level, fields, message) {
      logger[level]({ channel_id: channel.id, provider: channel.provider, ...fields }, message);
    },
  };
}
