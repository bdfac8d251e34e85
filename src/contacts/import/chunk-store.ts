import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { contactImportChunks } from '../../db/schema/index.js';
import { PayloadTooLargeError } from '../../errors.js';
import { CHUNK_BYTES } from './limits.js';

export type StoredUpload = { bytes: number; chunks: number; hasContent: boolean };

// Whitespace and a UTF-8 BOM only: such a file has no header and no row.
const BLANK_BYTES = new Set([0x09, 0x0a, 0x0d, 0x20, 0xef, 0xbb, 0xbf]);

/**
 * Streams `source` into `contact_import_chunks` rows of about CHUNK_BYTES, one insert at a time, so
 * memory stays at one chunk whatever the upload size. Throws PayloadTooLargeError past `maxBytes`.
 */
export async function storeUploadChunks(
  db: DbOrTx,
  importId: string,
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<StoredUpload> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let seq = 0;
  let hasContent = false;

  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db.insert(contactImportChunks).values({ importId, seq, data });
    seq += 1;
  };

  for await (const part of source) {
    bytes += part.byteLength;
    if (bytes > maxBytes) throw new PayloadTooLargeError(`CSV uploads are limited to ${maxBytes} bytes`);
    if (!hasContent) hasContent = part.some((byte) => !BLANK_BYTES.has(byte));
    pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    pendingBytes += part.byteLength;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  return { bytes, chunks: seq, hasContent };
}

/** Yields the stored upload chunk by chunk, in order: one chunk in memory at a time. */
export async function* readUploadChunks(db: DbOrTx, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq += 1) {
    const [chunk] = await db
      .select({ data: contactImportChunks.data })
      .from(contactImportChunks)
      .where(and(eq(contactImportChunks.importId, importId), eq(contactImportChunks.seq, seq)));
    if (!chunk) return;
    yield chunk.data;
  }
}

/** Removes the stored upload (the import row keeps its counts and errors). */
export async function deleteUploadChunks(db: DbOrTx, importId: string): Promise<void> {
  await db.delete(contactImportChunks).where(eq(contactImportChunks.importId, importId));
}
