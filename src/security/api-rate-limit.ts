import type { Redis } from 'ioredis';

/** A token bucket: `perSecond` tokens flow in, at most `burst` are held; a request takes one. */
export type RateLimitRule = { perSecond: number; burst: number };

/** What one request learnt from its bucket; the API turns it into RateLimit-* headers (and a 429). */
export type RateLimitOutcome = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one token is back (0 when the request was allowed). */
  retryAfterSeconds: number;
};

// One step per request, atomic across every API process: refill by the time passed (Redis's clock,
// so processes whose clocks differ agree), take a token if there is one, and let the key expire when
// the bucket would be full again, since a missing key reads as a full bucket: no key outlives its use.
// Answers [allowed, whole tokens left, ms until one token, ms until full].
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
elseif now > ts then
  tokens = tokens + (now - ts) * rate / 1000
end
if tokens > burst then tokens = burst end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
local untilFull = math.ceil((burst - tokens) * 1000 / rate)
if untilFull > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], untilFull)
else
  redis.call('DEL', KEYS[1])
end
local untilOne = 0
if tokens < 1 then untilOne = math.ceil((1 - tokens) * 1000 / rate) end
return {allowed, math.floor(tokens), untilOne, untilFull}
`;

const COMMAND = 'turumbaApiRateLimitTake';
/**
 * How long a request waits for its bucket. Past it (Redis down or stalled: the shared client queues
 * commands until Redis is back) the request goes on unlimited: an outage of Redis must not stop the API.
 */
const ANSWER_TIMEOUT_MS = 250;
type WithTake = Redis & {
  [COMMAND]: (key: string, perSecond: number, burst: number) => Promise<[number, number, number, number]>;
};

/**
 * Per-caller request limits on the API (an API key, or a user's sessions), as token buckets in Redis
 * shared by every API process.
 */
export class ApiRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * The client with the script as a command, defined on first use (building the app touches no
   * connection): a defined command runs by its hash (EVALSHA) and sends the script only when Redis
   * lacks it, so the script body is not resent on every request.
   */
  private client(): WithTake {
    if (!(COMMAND in this.redis)) this.redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: TAKE });
    return this.redis as WithTake;
  }

  /** The Redis key of a caller's bucket (`key:<api key id>` or `user:<user id>`). */
  bucketKey(subject: string): string {
    return `${this.prefix}:ratelimit:${subject}`;
  }

  /** Takes one token from `subject`'s bucket under `rule`; undefined when Redis did not answer in time. */
  async take(subject: string, rule: RateLimitRule): Promise<RateLimitOutcome | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = await Promise.race([
      this.client()[COMMAND](this.bucketKey(subject), rule.perSecond, rule.burst),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
      }),
    ])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
    if (!answer) return undefined;
    const [allowed, remaining, untilOne, untilFull] = answer;
    return {
      allowed: allowed === 1,
      limit: rule.burst,
      remaining,
      resetSeconds: Math.ceil(untilFull / 1000),
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(untilOne / 1000)),
    };
  }
}
