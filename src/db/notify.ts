import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { DbOrTx } from './client.js';
import { poolOf } from './named-query.js';

/**
 * Wakes the listeners of `channel` (the outbox relay, the `webhooks` role) for what the caller wrote.
 *
 * On a pool (`db` is not a transaction, so the write has committed) the NOTIFY is sent afterwards from
 * a transaction of its own, coalesced per pool and channel, and the caller does not wait for it.
 * Why not in the writer's own statement: PostgreSQL serializes every committing transaction that has
 * notified under one database-wide lock, taken before its commit record is written and held until
 * that record is flushed (PreCommit_Notify in async.c). The API's message insert and each flush of a
 * single's outcome notified the relay, so during a broadcast they queued behind one another's WAL
 * flushes: sampling `pg_stat_activity` showed the API's insert waiting on `Lock: object` in 15 of
 * its 31 samples (docs/BENCHMARKS.md, eleventh session). The notifying transaction here
 * writes no WAL before its commit record, and PostgreSQL does not wait for such a commit to be
 * flushed, so it holds the lock for microseconds. A wake-up lost to a crash is what the listeners'
 * backstop poll is for.
 *
 * In a transaction the notification is queued in it, as NOTIFY always is, and goes out at its commit.
 */
export async function notifyListeners(db: DbOrTx, channel: string): Promise<void> {
  const pool = poolOf(db);
  if (pool) {
    wakerFor(pool, channel).wake();
    return;
  }
  await db.execute(sql`SELECT pg_notify(${channel}, '')`);
}

const wakers = new WeakMap<pg.Pool, Map<string, Waker>>();

function wakerFor(pool: pg.Pool, channel: string): Waker {
  let byChannel = wakers.get(pool);
  if (!byChannel) {
    byChannel = new Map();
    wakers.set(pool, byChannel);
  }
  let waker = byChannel.get(channel);
  if (!waker) {
    waker = new Waker(() =>
      pool.query({
        name: 'notify-listeners',
        text: `SELECT pg_notify($1, '')`,
        values: [channel],
      }),
    );
    byChannel.set(channel, waker);
  }
  return waker;
}

/**
 * Sends a notification for every `wake()`, at most one at a time and one per `spacingMs`: a wake-up
 * asked for while one is in flight or too recent is folded into the next, which is always sent after
 * the ask (so it covers what committed before it). The listeners fold what comes within a few
 * milliseconds anyway (the relay's debounce is 10 ms).
 */
export class Waker {
  private pending = false;
  private sending = false;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly spacingMs = 5,
  ) {}

  wake(): void {
    this.pending = true;
    this.next();
  }

  private next(): void {
    if (!this.pending || this.sending || this.timer) return;
    const wait = this.lastSentAt + this.spacingMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.next();
      }, wait);
      this.timer.unref();
      return;
    }
    this.pending = false;
    this.sending = true;
    this.lastSentAt = performance.now();
    // A failed notification (the database unreachable) is covered by the listeners' backstop poll.
    this.send()
      .catch(() => {})
      .finally(() => {
        this.sending = false;
        this.next();
      });
  }
}
