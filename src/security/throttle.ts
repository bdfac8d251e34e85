import type { Redis } from 'ioredis';

export type ThrottleRule = { limit: number; windowSeconds: number };

// INCR and set the window on the first hit, atomically; answers [count, ttl in ms].
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
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

  /** Seconds until `name` may try again, or 0 when it is under `rule.limit`. */
  async blockedFor(name: string, rule: ThrottleRule): Promise<number> {
    const key = this.key(name);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (count === null || Number(count) < rule.limit) return 0;
    return ttl > 0 ? Math.ceil(ttl / 1000) : rule.windowSeconds;
  }

  /** Counts one more hit; returns the count in the current window. */
  async hit(name: string, rule: ThrottleRule): Promise<number> {
    const [count] = (await this.redis.eval(HIT, 1, this.key(name), rule.windowSeconds * 1000)) as [
      number,
      number,
    ];
    return count;
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.key(name));
  }
}
