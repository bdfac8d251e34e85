import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { LIVE_RETENTION_MS, type LiveEntryEvent, type LiveEvent, liveKeys } from './live-event.js';

// One round trip per account per write: append the write's events to the account's buffer (trimmed
// to the retention window), keep the buffer alive a while, and tell every API process. The entry id
// Redis gives is the SSE `id:`, so the buffer and the live path agree on it.
const APPEND_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[3], '*', 'e', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[1], ARGV[5] .. ' ' .. id .. ' ' .. ARGV[2])
return id`;

const PUBLISH_WAIT_MS = 2_000;

type ScriptedRedis = Redis & {
  liveAppend(
    key: string,
    channel: string,
    json: string,
    minId: string,
    ttlMs: number,
    account: string,
  ): Promise<string>;
};

/**
 * Publishes live events (`GET /v1/events/stream`) after the transaction that made the change has
 * committed. Best effort by design: PostgreSQL stays the truth, a stream resyncs from the API, so a
 * Redis hiccup is logged and never fails the write that produced the events.
 */
export class LivePublisher {
  private readonly keys;
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.keys = liveKeys(prefix);
    if (!('liveAppend' in redis)) redis.defineCommand('liveAppend', { numberOfKeys: 1, lua: APPEND_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  /** Publishes a write's events: one entry (one Redis call, pipelined) per account they belong to. */
  async publish(events: readonly LiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byAccount = new Map<string, LiveEntryEvent[]>();
    for (const { accountId, type, data, version } of events) {
      const list = byAccount.get(accountId) ?? [];
      byAccount.set(accountId, list);
      list.push(version === undefined ? { type, data } : { type, data, v: version });
    }
    const minId = `${Date.now() - LIVE_RETENTION_MS}-0`;
    const pipeline = this.redis.pipeline() as unknown as {
      liveAppend: (...args: unknown[]) => void;
      exec: () => Promise<[Error | null, unknown][] | null>;
    };
    for (const [accountId, list] of byAccount) {
      pipeline.liveAppend(
        this.keys.buffer(accountId),
        this.keys.channel,
        JSON.stringify(list),
        minId,
        LIVE_RETENTION_MS * 5,
        accountId,
      );
    }
    let timer: NodeJS.Timeout | undefined;
    // While Redis is away its client queues commands until it is back: a writer (the send path, a
    // receipt batch) never waits on that longer than PUBLISH_WAIT_MS.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer in time')), PUBLISH_WAIT_MS);
    });
    try {
      const exec = pipeline.exec();
      // Settled later than the timeout, its failure is already reported.
      exec.catch(() => {});
      const results = await Promise.race([exec, timeout]);
      const failed = results?.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, events: events.length },
        'publishing live events failed',
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
