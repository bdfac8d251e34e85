import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import {
  AppError,
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors.js';

/** The CSV bytes of an upload, still unread, and the client's file name when it sent one. */
export type CsvUpload = { filename: string | null; bytes: AsyncIterable<Uint8Array> };

// `application/vnd.ms-excel` is what browsers on Windows label a .csv file with.
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'application/vnd.ms-excel']);
// Room for multipart boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

const missingFile = () =>
  new ValidationError('The multipart body has no "file" part', [{ path: 'file', message: 'is required' }]);

/** Request stream errors (client gone, malformed multipart) are the request's fault: 400. */
async function* asRequestBytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new BadRequestError('The upload could not be read', undefined, 'malformed_upload');
  }
}

function safeFilename(raw: string | undefined): string | null {
  const name = raw ? path.basename(raw.replaceAll('\\', '/')).trim() : '';
  return name ? name.slice(0, 255) : null;
}

/** Streams the `file` part of a multipart body; other parts are skipped without being buffered. */
async function readMultipartFile(
  body: Readable,
  contentType: string,
  maxBytes: number,
): Promise<{ filename: string | null; stream: Readable }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // One byte over the limit is enough to answer 413.
      limits: { files: 1, fileSize: maxBytes + 1, fields: 20, fieldSize: 64 * 1024, parts: 50 },
    });
  } catch {
    throw new BadRequestError(
      'The multipart Content-Type has no valid boundary',
      undefined,
      'malformed_upload',
    );
  }
  const found = new Promise<{ filename: string | null; stream: Readable }>((resolve, reject) => {
    let taken: Readable | undefined;
    parser.on('file', (name, stream, info) => {
      if (name === 'file' && !taken) {
        taken = stream;
        resolve({ filename: safeFilename(info.filename), stream });
      } else {
        stream.resume();
      }
    });
    parser.on('error', (error) => {
      if (taken) taken.destroy(error as Error);
      else reject(new BadRequestError('The multipart body is malformed', undefined, 'malformed_upload'));
    });
    parser.on('close', () => reject(missingFile()));
  });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  return found;
}

/**
 * Opens the CSV of an upload request without reading it: a `text/csv` body as is, or the `file`
 * part of a multipart/form-data body. Throws 415 for other content types and 413 when the declared
 * length is already over `maxBytes` (undeclared lengths are counted while the bytes are stored).
 */
export async function openCsvUpload(request: Request, maxBytes: number): Promise<CsvUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const multipart = mediaType === 'multipart/form-data';
  if (!multipart && !CSV_TYPES.has(mediaType)) {
    throw new UnsupportedMediaTypeError(
      'Send the CSV as text/csv or as the "file" part of multipart/form-data',
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes + (multipart ? MULTIPART_OVERHEAD : 0)) {
    throw new PayloadTooLargeError(`CSV uploads are limited to ${maxBytes} bytes`);
  }
  const body = request.body
    ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>)
    : Readable.from([]);
  if (!multipart) return { filename: null, bytes: asRequestBytes(body) };
  const file = await readMultipartFile(body, contentType, maxBytes);
  return { filename: file.filename, bytes: asRequestBytes(file.stream) };
}
