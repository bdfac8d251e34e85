import type { RowResult } from './contact-row.js';
import { BATCH_ROWS } from './limits.js';

/**
 * Batches of BATCH_ROWS committed one after another while the caller parses the next batch, so
 * parsing (this process) and writing (PostgreSQL) overlap; at most two batches are in memory.
 */
export function createBatchPipeline(commit: (results: RowResult[]) => Promise<void>) {
  let pending: RowResult[] = [];
  let inflight: Promise<void> = Promise.resolve();
  const handOver = async () => {
    await inflight;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    inflight = commit(batch);
    // Reported by the next `await inflight`, not as an unhandled rejection in between.
    inflight.catch(() => {});
  };
  return {
    async push(result: RowResult) {
      pending.push(result);
      if (pending.length >= BATCH_ROWS) await handOver();
    },
    /** Commits what is left and waits for every commit. */
    async drain() {
      await handOver();
      await inflight;
    },
    settled: () =>
      inflight.then(
        () => {},
        () => {},
      ),
  };
}
