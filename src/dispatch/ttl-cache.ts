type Entry<V> = { value: Promise<V>; expiresAt: number };

/**
 * A small read-through cache with a time to live, for rows the send path reads for every job
 * (channels, templates, accounts). Concurrent misses of one key share one load; a failed load is
 * not kept. Bounded: the oldest entries go first.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value of `key`, or the result of `load` (then cached for the TTL). */
  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  /** Replaces a cached value (after this process changed the row itself), keeping its expiry. */
  update(key: K, change: (value: V) => V): void {
    const hit = this.entries.get(key);
    if (hit) this.entries.set(key, { value: hit.value.then(change), expiresAt: hit.expiresAt });
  }

  clear(): void {
    this.entries.clear();
  }
}
