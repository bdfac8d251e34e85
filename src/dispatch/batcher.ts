type Pending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

export type BatcherOptions = {
  /** Flush as soon as this many items wait. */
  maxItems: number;
  /** Flush items that waited this long, however few. */
  maxWaitMs: number;
  /** Flushes running at once (each holds a database connection). */
  maxConcurrent: number;
};

/**
 * Collects items from concurrent callers and hands them to `flush` together: after `maxWaitMs`, or
 * at once when `maxItems` wait. `flush` returns one result per item, in order; each caller awaits
 * the results of its own items. A failed flush rejects exactly the callers whose items it held.
 */
export class Batcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly options: BatcherOptions,
  ) {}

  /** Adds items and resolves with their results once the flush that took them has finished. */
  addMany(items: readonly I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    const results = items.map(
      (item) => new Promise<O>((resolve, reject) => this.pending.push({ item, resolve, reject })),
    );
    this.schedule();
    return Promise.all(results);
  }

  /** Flushes what waits and resolves when no flush is running. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.running > 0) {
      this.run();
      await new Promise<void>((resolve) => this.idle.add(resolve));
    }
  }

  private schedule(): void {
    if (this.pending.length >= this.options.maxItems) {
      this.run();
      return;
    }
    this.timer ??= setTimeout(() => this.run(), this.options.maxWaitMs);
  }

  private run(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0 && this.running < this.options.maxConcurrent) {
      const batch = this.pending.splice(0, this.options.maxItems);
      this.running += 1;
      void this.flushBatch(batch);
    }
  }

  private async flushBatch(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as O);
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.running -= 1;
      // Items that arrived while every slot was busy have waited long enough already.
      if (this.pending.length > 0) this.run();
      for (const done of this.idle) done();
      this.idle.clear();
    }
  }
}
