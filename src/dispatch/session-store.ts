import type { Redis } from 'ioredis';
import type { SessionStore } from '../../providers/definition.js';

// Leases: a sorted set per channel, one member `<holder>#<slot>` per lease, scored by its expiry.
// Expired members are dropped first, so a dead process's leases free themselves after their TTL.
// Time comes from Redis (TIME) so every process shares one clock.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local holder, slots, max, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local mine = 0
for i = 0, slots - 1 do
  if redis.call('ZSCORE', KEYS[1], holder .. '#' .. i) then mine = mine + 1 end
end
if redis.call('ZCARD', KEYS[1]) - mine + slots > max then return 0 end
for i = 0, slots - 1 do redis.call('ZADD', KEYS[1], now + ttl, holder .. '#' .. i) end
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return 1
`;

const MARK_UP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[2] == '1' then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
else
  redis.call('ZREM', KEYS[1], ARGV[1])
end
if ARGV[4] == '' then return redis.call('ZCARD', KEYS[1]) end
local n = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, 1, string.len(ARGV[4])) == ARGV[4] then n = n + 1 end
end
return n
`;

// A part is kept once (HSETNX); the call that stores the last missing part takes them all.
const COLLECT = `
local added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
if added == 1 and redis.call('HLEN', KEYS[1]) == tonumber(ARGV[2]) then
  local parts = {}
  for i = 1, tonumber(ARGV[2]) do parts[i] = redis.call('HGET', KEYS[1], tostring(i)) end
  redis.call('DEL', KEYS[1])
  return parts
end
return false
`;

type Commands = {
  turumbaSessionAcquire(
    key: string,
    holder: string,
    slots: number,
    max: number,
    ttl: number,
  ): Promise<number>;
  turumbaSessionMarkUp(
    key: string,
    holder: string,
    up: '0' | '1',
    ttl: number,
    prefix: string,
  ): Promise<number>;
  turumbaSessionCollect(
    key: string,
    index: number,
    total: number,
    part: string,
    ttl: number,
  ): Promise<string[] | null>;
};

/** Slots a holder may take at most (SMPP transmitter + receiver binds). */
const MAX_SLOTS = 4;

/** Session stores for every channel, over one Redis connection. */
export class RedisSessionStores {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('turumbaSessionAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('turumbaSessionMarkUp', { numberOfKeys: 1, lua: MARK_UP });
    redis.defineCommand('turumbaSessionCollect', { numberOfKeys: 1, lua: COLLECT });
    this.redis = redis as Redis & Commands;
  }

  /** The store of one channel. */
  forChannel(channelId: string): SessionStore {
    const base = `${this.prefix}:session:${channelId}`;
    const redis = this.redis;
    return {
      async acquire(holder, slots, max, ttlMs) {
        const limit = max > 0 ? max : Number.MAX_SAFE_INTEGER;
        return (
          (await redis.turumbaSessionAcquire(
            `${base}:leases`,
            holder,
            Math.min(slots, MAX_SLOTS),
            limit,
            ttlMs,
          )) === 1
        );
      },
      async release(holder) {
        const members = Array.from({ length: MAX_SLOTS }, (_, i) => `${holder}#${i}`);
        await redis
          .multi()
          .zrem(`${base}:leases`, ...members)
          .zrem(`${base}:up`, holder)
          .exec();
      },
      async markUp(holder, up, ttlMs, prefix = '') {
        return Number(await redis.turumbaSessionMarkUp(`${base}:up`, holder, up ? '1' : '0', ttlMs, prefix));
      },
      async collectPart(key, index, total, part, ttlMs) {
        const parts = await redis.turumbaSessionCollect(`${base}:parts:${key}`, index, total, part, ttlMs);
        return parts ?? null;
      },
    };
  }
}
