/** Largest CSV upload accepted; larger bodies answer 413 while they stream, before they are stored whole. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Size of one `contact_import_chunks` row: big enough to keep row count low, small enough to stream. */
export const CHUNK_BYTES = 1024 * 1024;

/** Rows written per transaction; progress and the retry checkpoint advance once per batch. */
export const BATCH_ROWS = 1000;

/** Row errors kept on the import; `failed` still counts every bad row. */
export const MAX_KEPT_ERRORS = 1000;

/** One CSV record longer than this stops the import (an unclosed quote would otherwise swallow the file). */
export const MAX_RECORD_BYTES = 1024 * 1024;
