import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { LIVE_RETENTION_MS, type LiveEntryEvent, liveKeys } from './live-event.js';

/** One buffered write of one account: its Redis stream id (the SSE `id:`) and its events. */
export type LiveEntry = { id: string; events: LiveEntryEvent[] };

/** A stream open on this process, fed the entries of its account. */
export type LiveListener = { accountId: string; onEntry: (entry: LiveEntry) => void; end: () => void };

const STREAM_ID = /^(\d{1,15})-(\d{1,15})$/;
// A resume reads at most this many entries (each is one write, often many events).
const REPLAY_LIMIT = 5_000;

/** Compares two Redis stream ids (`ms-seq`). */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

/** True for a well-formed `Last-Event-ID`. */
export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/**
 * This process's side of the live events: ONE Redis subscriber for every stream it serves (made on
 * the first stream, so a process that serves none holds no extra connection), handing each entry
 * only to the streams of the entry's account; and the per-account buffer for resume.
 */
export class LiveHub {
  private readonly keys;
  private subscriber: Redis | undefined;
  private subscribed: Promise<unknown> | undefined;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.keys = liveKeys(prefix);
  }

  /** How many streams this process serves (for shutdown and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Starts feeding `listener` the entries of its account; resolves once the subscription is live. */
  async add(listener: LiveListener): Promise<void> {
    if (this.closed) throw new ServiceUnavailableError('The server is stopping; reconnect');
    const set = this.listeners.get(listener.accountId) ?? new Set();
    this.listeners.set(listener.accountId, set);
    set.add(listener);
    await this.subscribe();
  }

  /** Stops feeding `listener`. */
  remove(listener: LiveListener): void {
    const set = this.listeners.get(listener.accountId);
    set?.delete(listener);
    if (set?.size === 0) this.listeners.delete(listener.accountId);
  }

  /**
   * The account's entries after `afterId`, oldest first; `complete` is false when `afterId` is
   * older than the retention window (entries may be missing: the client must refetch).
   */
  async replay(accountId: string, afterId: string): Promise<{ entries: LiveEntry[]; complete: boolean }> {
    const oldestKept = Date.now() - LIVE_RETENTION_MS;
    const complete = Number(afterId.split('-')[0]) >= oldestKept;
    const raw = (await this.redis.xrange(
      this.keys.buffer(accountId),
      `(${afterId}`,
      '+',
      'COUNT',
      REPLAY_LIMIT,
    )) as [string, string[]][];
    const entries: LiveEntry[] = [];
    for (const [id, fields] of raw) {
      const events = parseEvents(fields[1]);
      if (events) entries.push({ id, events });
    }
    return { entries, complete: complete && raw.length < REPLAY_LIMIT };
  }

  /** Ends every stream this process serves and drops the subscriber: open streams never hold a shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.end();
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private subscribe(): Promise<unknown> {
    if (this.subscribed) return this.subscribed;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (err) => this.logger.warn({ err: err.message }, 'live subscriber error'));
    subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    this.subscribed = subscriber.subscribe(this.keys.channel).catch((error) => {
      this.subscribed = undefined;
      throw error;
    });
    return this.subscribed;
  }

  private dispatch(message: string): void {
    const first = message.indexOf(' ');
    const second = message.indexOf(' ', first + 1);
    if (first < 0 || second < 0) return;
    // Only this process's accounts are parsed: an account with no stream here costs a string search.
    const set = this.listeners.get(message.slice(0, first));
    if (!set) return;
    const events = parseEvents(message.slice(second + 1));
    if (!events) return;
    const entry = { id: message.slice(first + 1, second), events };
    for (const listener of [...set]) listener.onEntry(entry);
  }
}

function parseEvents(json: string | undefined): LiveEntryEvent[] | undefined {
  if (!json) return undefined;
  try {
    const parsed = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as LiveEntryEvent[]) : undefined;
  } catch {
    return undefined;
  }
}
