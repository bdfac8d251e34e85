import type { Redis } from 'ioredis';
import { liveKeys } from './live-event.js';

// Drop slots whose stream stopped refreshing (a process that died), then take one if any is free.
const ACQUIRE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

type ScriptedRedis = Redis & {
  liveSlotAcquire(
    key: string,
    now: number,
    expires: number,
    member: string,
    limit: number,
    ttlMs: number,
  ): Promise<number>;
};

/**
 * The open streams of each user (or API key) across every API process: a sorted set per caller in
 * Redis, one member per stream scored by when it lapses. A live stream refreshes its member with each
 * heartbeat, so the slots of a process that died free themselves within `ttlMs`.
 */
export class StreamSlots {
  private readonly keys;
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly ttlMs: number,
  ) {
    this.keys = liveKeys(prefix);
    if (!('liveSlotAcquire' in redis))
      redis.defineCommand('liveSlotAcquire', { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  /** Takes a slot for stream `streamId` of `principal`; false when it already holds `limit`. */
  async acquire(principal: string, streamId: string, limit: number): Promise<boolean> {
    const now = Date.now();
    const taken = await this.redis.liveSlotAcquire(
      this.keys.streams(principal),
      now,
      now + this.ttlMs,
      streamId,
      limit,
      this.ttlMs * 2,
    );
    return taken === 1;
  }

  /** Keeps the slot of a stream that is still open. */
  async refresh(principal: string, streamId: string): Promise<void> {
    const key = this.keys.streams(principal);
    await this.redis
      .multi()
      .zadd(key, Date.now() + this.ttlMs, streamId)
      .pexpire(key, this.ttlMs * 2)
      .exec();
  }

  /** Gives the slot back. */
  async release(principal: string, streamId: string): Promise<void> {
    await this.redis.zrem(this.keys.streams(principal), streamId);
  }
}
