import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contactImports } from '../../db/schema/index.js';
import { deleteUploadChunks } from './chunk-store.js';

export type ClaimedImport = { totalRows: number; errorsKept: number };

/**
 * Moves a queued (or interrupted) import to `processing` and returns where it stands; undefined
 * when there is nothing to do (finished, failed, deleted, or not fully uploaded).
 */
export async function claimImport(
  db: Db,
  importId: string,
  accountId: string,
): Promise<ClaimedImport | undefined> {
  const [row] = await db
    .update(contactImports)
    .set({
      status: 'processing',
      startedAt: sql`coalesce(${contactImports.startedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(contactImports.id, importId),
        eq(contactImports.accountId, accountId),
        inArray(contactImports.status, ['queued', 'processing']),
      ),
    )
    .returning({
      totalRows: contactImports.totalRows,
      errorsKept: sql<number>`jsonb_array_length(${contactImports.errors})`,
    });
  return row;
}

/**
 * Ends an import (completed, or failed with a message for the user) and drops its stored upload,
 * in one transaction. Only an import still in progress changes: a replay changes nothing.
 */
export async function finishImport(
  db: Db,
  importId: string,
  outcome: { status: 'completed' } | { status: 'failed'; errorMessage: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(contactImports)
      .set({
        status: outcome.status,
        errorMessage: outcome.status === 'failed' ? outcome.errorMessage : null,
        completedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(contactImports.id, importId),
          inArray(contactImports.status, ['receiving', 'queued', 'processing']),
        ),
      )
      .returning({ id: contactImports.id });
    if (changed.length === 0) return false;
    await deleteUploadChunks(tx, importId);
    return true;
  });
}
