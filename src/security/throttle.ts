import type { Redis } from 'ioredis';

export type ThrottleRule = { limit: number; windowSeconds: number };

// INCR and set the window on the first hit, atomically; answers [count, ttl in ms].
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

// Takes one slot if fewer than ARGV[2] are taken, in one step, so parallel callers cannot all pass a
// check made before any of them counted; answers [1 taken | 0 refused, ttl in ms].
const ACQUIRE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n > tonumber(ARGV[2]) then
  redis.call('DECR', KEYS[1])
  return {0, redis.call('PTTL', KEYS[1])}
end
return {1, redis.call('PTTL', KEYS[1])}
`;

// Gives a slot back, never below zero and never reviving an expired window.
const RELEASE = `
local n = redis.call('GET', KEYS[1])
if n and tonumber(n) > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** Fixed-window failure counters in Redis, shared by every API process. */
export class Throttle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return `${this.prefix}:throttle:${name}`;
  }

  /** Counts one more hit; returns the count in the current window. */
  async hit(name: string, rule: ThrottleRule): Promise<number> {
    const [count] = (await this.redis.eval(HIT, 1, this.key(name), rule.windowSeconds * 1000)) as [
      number,
      number,
    ];
    return count;
  }

  /**
   * Takes one of `rule.limit` slots of the window before the attempt runs; 0 when taken, else the
   * seconds until the window ends. Give the slot back with `release` when the attempt turns out not
   * to count (a success), so the counter holds failures and attempts still in flight.
   */
  async acquire(name: string, rule: ThrottleRule): Promise<number> {
    const [taken, ttl] = (await this.redis.eval(
      ACQUIRE,
      1,
      this.key(name),
      rule.windowSeconds * 1000,
      rule.limit,
    )) as [number, number];
    if (taken === 1) return 0;
    return ttl > 0 ? Math.ceil(ttl / 1000) : rule.windowSeconds;
  }

  /** Gives back a slot taken by `acquire`. */
  async release(name: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(name));
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.key(name));
  }

  /** Ends every counter whose name starts with `prefix` (e.g. an email's per-client login counters). */
  async resetMatching(prefix: string): Promise<void> {
    const pattern = `${this.key(prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.redis.del(...keys);
    } while (cursor !== '0');
  }
}
