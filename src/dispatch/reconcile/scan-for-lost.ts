import { type SQL, sql } from 'drizzle-orm';
import type { ReconcileSettings } from './settings.js';

/** Where a scan stopped: the (sort key, id) of the last row read, or null to start at the beginning. */
export type ScanPosition = { after: { key: string; id: string } | null };

const PAGE = 1_000;

/**
 * Reads rows in keyset order from `position` and keeps those `isLost` accepts (work no live job
 * holds), until `rowsPerStep` are kept or `scanPerStep` rows were read. Rows held by live jobs are
 * passed over before the limit counts, so a backlog of waiting work never hides lost work. The scan
 * goes on from where it stopped on the next run, and starts over once it reaches the end.
 */
export async function scanForLost<R>(
  readPage: (after: ScanPosition['after'], limit: number) => Promise<R[]>,
  isLost: (row: R) => boolean,
  keyOf: (row: R) => { key: string; id: string },
  settings: Pick<ReconcileSettings, 'rowsPerStep' | 'scanPerStep'>,
  position: ScanPosition,
): Promise<R[]> {
  const kept: R[] = [];
  let read = 0;
  for (;;) {
    const page = await readPage(position.after, PAGE);
    read += page.length;
    for (const row of page) {
      position.after = keyOf(row);
      if (isLost(row)) kept.push(row);
      if (kept.length >= settings.rowsPerStep) return kept;
    }
    if (page.length < PAGE) {
      position.after = null;
      return kept;
    }
    if (read >= settings.scanPerStep) return kept;
  }
}

/** `AND (updated_at, id) > (key, id)` after a position, nothing at the start. */
export function afterKey(after: ScanPosition['after']): SQL {
  return after ? sql`AND (updated_at, id) > (${after.key}::timestamptz, ${after.id}::uuid)` : sql``;
}
