import type { Redis } from 'ioredis';

export type Lane = 'single' | 'bulk';
export type TakeResult = { granted: true } | { granted: false; waitMs: number };

// A sliding-window log per channel: every grant is a member `<ms>:<seq>:<n>` of a sorted set scored
// by its time, and a running total of the tokens granted inside the window sits beside it. A take is
// granted when the total plus `n` stays within `rate`, so no window of `windowMs` ever holds more
// than `rate` grants. (A token bucket of capacity `rate` lets up to 2×rate through in one second:
// a full bucket emptied at once, then refilled and emptied again before the second ends.)
// The bulk lane may not take the last `reserve` tokens, so a single message never queues behind a
// broadcast at the limiter. A pause key (set on a provider's throttling reply) blocks both lanes.
// Time comes from Redis (TIME) so every worker process shares one clock.
const TAKE = `
local log, pauseKey, state = KEYS[1], KEYS[2], KEYS[3]
local rate = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local reserve = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local peek = ARGV[5] == '1'
local pausedFor = redis.call('PTTL', pauseKey)
if pausedFor > 0 then return pausedFor end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local used = tonumber(redis.call('HGET', state, 'used') or '0')
local expired = redis.call('ZRANGEBYSCORE', log, '-inf', now - window)
if #expired > 0 then
  for _, member in ipairs(expired) do used = used - tonumber(string.match(member, ':(%d+)$')) end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
end
if used < 0 or redis.call('ZCARD', log) == 0 then used = 0 end
local need = n + reserve
if need > rate then need = math.max(n, rate - reserve) end
if used + need <= rate then
  if peek then
    redis.call('HSET', state, 'used', used)
    redis.call('PEXPIRE', state, window + 1000)
    return 0
  end
  used = used + n
  local seq = redis.call('HINCRBY', state, 'seq', 1)
  redis.call('ZADD', log, now, now .. ':' .. seq .. ':' .. n)
  redis.call('HSET', state, 'used', used)
  redis.call('PEXPIRE', log, window + 1000)
  redis.call('PEXPIRE', state, window + 1000)
  return 0
end
redis.call('HSET', state, 'used', used)
redis.call('PEXPIRE', state, window + 1000)
-- Walk the oldest grants until enough would have left the window; bounded so a huge log stays cheap
-- (the caller simply asks again after the wait).
local oldest = redis.call('ZRANGE', log, 0, 999, 'WITHSCORES')
local freed = 0
local at = now
for i = 1, #oldest, 2 do
  freed = freed + tonumber(string.match(oldest[i], ':(%d+)$'))
  at = tonumber(oldest[i + 1])
  if used - freed + need <= rate then break end
end
return math.max(1, at + window - now + 1)
`;

export type RateLimiterOptions = {
  /** Share of each window's tokens kept for the single lane. */
  singleReserve?: number;
  /**
   * Length of the window `rate` applies to. A little over one second: a grant reaches the provider a
   * few milliseconds later (event loop, network), and that jitter must not let two grants that were
   * a window apart arrive less than a second apart.
   */
  windowMs?: number;
};

type TakeCommand = (
  log: string,
  pauseKey: string,
  state: string,
  rate: number,
  n: number,
  reserve: number,
  windowMs: number,
  peek: '0' | '1',
) => Promise<number>;

/** Per-channel limits shared by every worker process, in Redis. */
export class RateLimiter {
  private readonly singleReserve: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: RateLimiterOptions = {},
  ) {
    this.singleReserve = options.singleReserve ?? 0.1;
    this.windowMs = options.windowMs ?? 1050;
    this.redis.defineCommand('turumbaTakeTokens', { numberOfKeys: 3, lua: TAKE });
  }

  private keys(channelId: string): [string, string, string] {
    const base = `${this.prefix}:rl:${channelId}`;
    return [base, `${base}:paused`, `${base}:state`];
  }

  /**
   * Takes `n` tokens (messages, or SMS segments) from a channel limited to `rate` per second.
   * `rate` null or 0 means unlimited. Returns how long to wait when the tokens are not there.
   */
  async take(channelId: string, rate: number | null, n: number, lane: Lane): Promise<TakeResult> {
    return this.run(channelId, rate, n, lane, false);
  }

  /**
   * Whether `take` would be granted now, without taking anything: lets a job skip claiming messages
   * it could not send yet. (Another process may still take the tokens first; `take` decides.)
   */
  async peek(channelId: string, rate: number | null, n: number, lane: Lane): Promise<TakeResult> {
    return this.run(channelId, rate, n, lane, true);
  }

  private async run(
    channelId: string,
    rate: number | null,
    n: number,
    lane: Lane,
    peek: boolean,
  ): Promise<TakeResult> {
    if (!rate || rate <= 0) {
      const paused = await this.redis.pttl(this.keys(channelId)[1]);
      return paused > 0 ? { granted: false, waitMs: paused } : { granted: true };
    }
    // A take larger than one window of tokens could never be granted: callers size batches below it.
    if (n > rate) throw new RangeError(`cannot take ${n} tokens from a window of ${rate}`);
    const reserve = lane === 'bulk' ? Math.ceil(rate * this.singleReserve) : 0;
    const take = (this.redis as unknown as { turumbaTakeTokens: TakeCommand }).turumbaTakeTokens;
    const wait = Number(
      await take.call(this.redis, ...this.keys(channelId), rate, n, reserve, this.windowMs, peek ? '1' : '0'),
    );
    return wait === 0 ? { granted: true } : { granted: false, waitMs: wait };
  }

  /**
   * Takes (or with `peek`, checks) `n` messages from a broadcast's own `send_rate`: a window of its
   * own beside the channel's, with no single-lane reserve (only its own messages count against it).
   */
  async takeForBroadcast(groupId: string, rate: number, n: number, peek = false): Promise<TakeResult> {
    return this.run(`gm:${groupId}`, rate, n, 'single', peek);
  }

  /**
   * The largest take the bulk lane should ask for on a channel limited to `rate`: half of what the
   * lane may use per window (the window minus the single lane's reserve), so two takes fill it.
   */
  bulkTakeSize(rate: number): number {
    return Math.max(1, Math.floor((rate - Math.ceil(rate * this.singleReserve)) / 2));
  }

  /** Pauses a channel for `ms` after a provider said to slow down (429, SMPP throttling). */
  async pause(channelId: string, ms: number): Promise<void> {
    await this.redis.set(this.keys(channelId)[1], '1', 'PX', Math.max(1, Math.ceil(ms)));
  }

  async isPaused(channelId: string): Promise<boolean> {
    return (await this.redis.pttl(this.keys(channelId)[1])) > 0;
  }
}
