import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

// Extends or deletes the lease only while it is still ours: another process may have taken it
// after ours expired (a long GC pause, a network split), and must not lose it to a late renewal.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Per-channel leases in Redis: whoever holds a channel's lease runs its session (one IMAP
 * connection per mailbox across every process). A lease lasts `ttlMs` and is renewed by its holder
 * every third of that; a process that dies lets it expire and another takes the channel over.
 * Losing Redis loses only the leases: each process stops its sessions when it cannot renew, and they
 * are taken again once Redis answers (the sessions' cursors are in PostgreSQL).
 */
export class ChannelLeases {
  /** This process's token: the value of every lease it holds. */
  private readonly token = randomBytes(12).toString('hex');

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the channel's lease when nobody holds it; true when this process now holds it. */
  async acquire(channelId: string): Promise<boolean> {
    const taken = await this.redis.set(this.key(channelId), this.token, 'PX', this.ttlMs, 'NX');
    return taken === 'OK';
  }

  /** Extends a lease this process holds; false when it is no longer ours (expired, taken over). */
  async renew(channelId: string): Promise<boolean> {
    const extended = await this.redis.eval(RENEW, 1, this.key(channelId), this.token, this.ttlMs);
    return extended === 1;
  }

  /** Gives the lease up (only if still ours), so another process may take the channel at once. */
  async release(channelId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(channelId), this.token);
  }

  private key(channelId: string): string {
    return `${this.prefix}:session-lease:${channelId}`;
  }
}
