import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import type { ProviderError } from '../errors.js';
import { recordStatusChange, sameSettings } from '../modules/channels/channel-status.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import type { ChannelCache } from './channel-cache.js';
import type { RateLimiter } from './rate-limiter.js';

// A throttling reply without Retry-After still means "not now": hold the channel this long.
const DEFAULT_PAUSE_MS = 1_000;
// After a pause ends with no success to show it (no message left to send, or a session provider
// that retried by itself), the channel is `connected` again this long after it.
const RECOVERY_GRACE_MS = 500;

/**
 * A channel's health as the send path sees it: a provider's throttling reply pauses the channel in
 * the shared limiter (every worker process stops) and marks it `rate_limited`; the next successful
 * send, or else the end of the pause, marks it `connected` again. Each move writes
 * `channel.status_changed` in its transaction.
 */
export class ChannelHealth {
  /** Status moves under way, so a burst of successes on a throttled channel writes once. */
  private readonly moving = new Map<string, Promise<void>>();
  /**
   * Channels this process paused, and until when: a success clears them even when the job's copy of
   * the channel row was read before the throttle (it still says `connected`).
   */
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly limiter: RateLimiter,
    private readonly channels: ChannelCache,
    private readonly logger: Logger,
  ) {}

  /** The provider said to slow down. */
  async throttled(channel: ChannelRow, retryAfterMs: number | undefined): Promise<void> {
    const pauseMs = retryAfterMs && retryAfterMs > 0 ? retryAfterMs : DEFAULT_PAUSE_MS;
    await this.limiter.pause(channel.id, pauseMs);
    const until = Date.now() + pauseMs;
    if (until > (this.pausedUntil.get(channel.id) ?? 0)) {
      this.pausedUntil.set(channel.id, until);
      this.recoverAfter(channel, pauseMs + RECOVERY_GRACE_MS);
    }
    if (channel.status === 'rate_limited' || channel.status === 'error') return;
    await this.moveStatus(
      channel,
      'rate_limited',
      'The provider is throttling sends; they resume automatically',
    );
    this.logger.warn({ channel_id: channel.id, pause_ms: pauseMs }, 'provider throttled the channel; paused');
  }

  /**
   * The provider refused the channel itself (credentials, balance, suspended account): it goes to
   * `error` with the provider's words, and holds its messages until a verify succeeds.
   */
  async faulted(channel: ChannelRow, error: ProviderError): Promise<void> {
    if (channel.status === 'error' && channel.needsVerify) return;
    await this.moveStatus(channel, 'error', error.message);
    this.logger.warn(
      { channel_id: channel.id, code: error.code },
      'provider refused the channel; it holds its messages until verified again',
    );
  }

  /** A send succeeded: a throttled channel is healthy again. Cheap when it was not throttled. */
  async succeeded(channel: ChannelRow): Promise<void> {
    if (channel.status !== 'rate_limited' && !this.pausedUntil.has(channel.id)) return;
    this.pausedUntil.delete(channel.id);
    await this.moveStatus(channel, 'connected', null);
  }

  /** Once the last pause this process set is over, with no success since, the channel is connected. */
  private recoverAfter(channel: ChannelRow, delayMs: number): void {
    const timer = setTimeout(() => {
      const until = this.pausedUntil.get(channel.id);
      // Cleared by a success, or a later pause whose own timer comes after this one.
      if (until === undefined || until > Date.now()) return;
      this.pausedUntil.delete(channel.id);
      this.moveStatus(channel, 'connected', null).catch((error: unknown) => {
        this.logger.warn({ channel_id: channel.id, err: (error as Error).name }, 'ending a pause failed');
      });
    }, delayMs);
    timer.unref();
  }

  private moveStatus(
    channel: ChannelRow,
    status: 'rate_limited' | 'connected' | 'error',
    errorMessage: string | null,
  ) {
    const key = `${channel.id}/${status}`;
    let move = this.moving.get(key);
    if (!move) {
      move = this.writeStatus(channel, status, errorMessage).finally(() => this.moving.delete(key));
      this.moving.set(key, move);
    }
    return move;
  }

  private async writeStatus(
    channel: ChannelRow,
    status: 'rate_limited' | 'connected' | 'error',
    errorMessage: string | null,
  ) {
    const updated = await this.db.transaction(async (tx) => {
      const where = and(eq(channels.id, channel.id), eq(channels.accountId, channel.accountId));
      const [current] = await tx.select().from(channels).where(where).for('update');
      // Disabled or deleted meanwhile, or another process got there first (an `error` written
      // without the flag, by a process older than it, gets it).
      if (!current?.isEnabled) return current;
      if (current.status === status && (status !== 'error' || current.needsVerify)) return current;
      // A refusal of settings replaced since the send began.
      if (status === 'error' && !sameSettings(current, channel)) return current;
      if (status === 'connected' && current.status !== 'rate_limited') return current;
      // Only a verify takes a channel out of `error`; throttling does not mask it.
      if (status === 'rate_limited' && current.status === 'error') return current;
      const [row] = await tx
        .update(channels)
        .set({
          status,
          errorMessage,
          ...(status === 'error' ? { needsVerify: true } : {}),
          updatedAt: new Date(),
        })
        .where(where)
        .returning();
      await recordStatusChange(tx, current, row!);
      return row;
    });
    if (updated) this.channels.noteStatus(updated);
  }
}
