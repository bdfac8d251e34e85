import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import { recordStatusChange, sameSettings } from '../modules/channels/channel-status.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';

export type SessionState = 'connected' | 'disconnected' | 'error';

// The statuses a session's state may move a channel from. `error` is left only by a verify, `rate_limited` by the send path's next success, `disabled` by enabling the channel.
const FROM: Record<SessionState, readonly ChannelRow['status'][]> = {
  connected: ['disconnected'],
  disconnected: ['connected'],
  error: ['connected', 'disconnected', 'rate_limited'],
};

/**
 * Moves a channel's status as its session reports (the mailbox connected, dropped, refused the
 * login): a conditional update in a transaction with `channel.status_changed`, so a move another
 * process or a verify made meanwhile wins. Returns the new status, or null when nothing moved.
 */
export async function moveSessionStatus(
  db: Db,
  channel: Pick<ChannelRow, 'id' | 'accountId' | 'credentialsCiphertext' | 'config'>,
  state: SessionState,
  detail: string | null,
): Promise<ChannelRow['status'] | null> {
  return db.transaction(async (tx) => {
    const where = and(eq(channels.id, channel.id), eq(channels.accountId, channel.accountId));
    const [current] = await tx.select().from(channels).where(where).for('update');
    if (!current?.isEnabled || !FROM[state].includes(current.status)) return null;
    // A session of settings replaced since (the supervisor restarts it within seconds) reports nothing.
    if (!sameSettings(current, channel)) return null;
    const [row] = await tx
      .update(channels)
      .set({
        status: state,
        errorMessage: state === 'connected' ? null : detail,
        ...(state === 'error' ? { needsVerify: true } : {}),
        updatedAt: new Date(),
      })
      .where(where)
      .returning();
    await recordStatusChange(tx, current, row!);
    return row!.status;
  });
}
