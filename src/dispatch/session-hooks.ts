import { and, eq } from 'drizzle-orm';
import type { SessionHooks } from '../../providers/definition.js';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import { recordStatusChange, sameSettings } from '../modules/channels/channel-status.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import type { WebhookInbox } from '../webhooks/inbox.js';
import type { SessionReceipts } from '../webhooks/session-receipts.js';
import type { ChannelCache } from './channel-cache.js';
import type { ChannelHealth } from './channel-health.js';
import { isFinal } from './receipts.js';

export type SessionHookDeps = {
  db: Db;
  inbox: WebhookInbox;
  receipts: SessionReceipts;
  health: ChannelHealth;
  channels: ChannelCache;
  logger: Logger;
};

type SessionStatus = 'connected' | 'disconnected' | 'error';

/**
 * What a session provider (SMPP) of one channel reports, turned into the platform's own paths:
 * receipts are applied through the one receipt path as they arrive (`SessionReceipts`; one before
 * its send waits in the webhook inbox), inbound messages go into the webhook inbox, session changes
 * move the channel's `status` with `channel.status_changed`, and throttling pauses the channel in
 * every process.
 */
export function sessionHooks(deps: SessionHookDeps, channel: ChannelRow): SessionHooks {
  const ref = { id: channel.id, accountId: channel.accountId };
  let statusChain: Promise<void> = Promise.resolve();
  return {
    async receipts(events) {
      // Like the webhook route: queued/sent change nothing, unknown words are kept (and ignored).
      const kept = events.filter((e) => isFinal(e) || e.status === 'unknown');
      if (kept.length > 0) await deps.receipts.record(ref, kept);
    },
    async inbound(messages) {
      if (messages.length > 0) {
        await deps.inbox.store(
          ref,
          messages.map((event) => ({ kind: 'inbound', event })),
        );
      }
    },
    status(status, errorMessage) {
      // In order: a quick `disconnected` then `connected` must not land the other way round.
      statusChain = statusChain
        .then(() => writeSessionStatus(deps, channel, status, errorMessage ?? null))
        .catch((error: unknown) => {
          deps.logger.warn(
            { channel_id: channel.id, err: (error as Error).name },
            'recording a session status failed',
          );
        });
    },
    throttled(pauseMs) {
      deps.health.throttled(channel, pauseMs).catch((error: unknown) => {
        deps.logger.warn(
          { channel_id: channel.id, err: (error as Error).name },
          'pausing the channel failed',
        );
      });
    },
  };
}

/**
 * A session's change on the channel row, conditionally: a bind that comes up connects the channel
 * (also out of `error`, and releases a held channel: the SMSC accepted the credentials); a lost
 * session only disconnects a channel that was connected (or throttled); a refusal puts it in `error`
 * with the provider's words and holds it. A disabled channel keeps `disabled`.
 */
async function writeSessionStatus(
  deps: SessionHookDeps,
  channel: ChannelRow,
  status: SessionStatus,
  errorMessage: string | null,
): Promise<void> {
  const updated = await deps.db.transaction(async (tx) => {
    const where = and(eq(channels.id, channel.id), eq(channels.accountId, channel.accountId));
    const [current] = await tx.select().from(channels).where(where).for('update');
    if (!current?.isEnabled || current.status === 'disabled') return undefined;
    // A session of settings replaced since (the keeper rebuilds it within seconds) reports nothing.
    if (!sameSettings(current, channel)) return undefined;
    if (current.status === status && current.errorMessage === errorMessage) return undefined;
    if (status === 'disconnected' && !['connected', 'rate_limited'].includes(current.status))
      return undefined;
    if (status === 'connected' && current.status === 'rate_limited') return undefined;
    const [row] = await tx
      .update(channels)
      .set({
        status,
        errorMessage: status === 'connected' ? null : errorMessage,
        // A bind the SMSC accepted is a verify; one it refused holds the channel like a send would.
        ...(status === 'disconnected' ? {} : { needsVerify: status === 'error' }),
        updatedAt: new Date(),
      })
      .where(where)
      .returning();
    await recordStatusChange(tx, current, row!);
    return row;
  });
  if (updated) deps.channels.noteStatus(updated);
}
