import { posix } from 'node:path';
import { providerError } from '../errors.js';
import type { HttpClient } from '../http/client.js';

/** An attachment as nodemailer takes it. */
export type Attachment = { filename: string; content: Buffer; contentType: string };

/**
 * Fetches a message's `media_url` (https, checked by the API) for attaching: through the channel's
 * HTTP client (private hosts refused at connect, a deadline), at most `maxBytes`. A file that is
 * gone or too big fails the message for good; a host that is down or slow is retried.
 */
export async function fetchAttachment(http: HttpClient, url: string, maxBytes: number): Promise<Attachment> {
  if (!/^https:\/\//i.test(url)) {
    throw providerError('content_rejected', 'Email: attachments are fetched over https only');
  }
  const response = await http.download(url, maxBytes);
  const details = { httpStatus: response.status };
  if (response.status === 429 || response.status >= 500) {
    throw providerError(
      'provider_unavailable',
      `Email: the attachment host answered ${response.status}; retrying`,
      details,
    );
  }
  if (response.status < 200 || response.status >= 300) {
    throw providerError(
      'content_rejected',
      `Email: the attachment could not be fetched (HTTP ${response.status})`,
      details,
    );
  }
  if (response.tooLarge) {
    throw providerError(
      'content_rejected',
      `Email: the attachment is larger than ${Math.round(maxBytes / 1_048_576)} MB`,
      details,
    );
  }
  const contentType = (response.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
  return {
    filename: filenameOf(url, response.headers['content-disposition']),
    content: response.body,
    contentType: contentType || 'application/octet-stream',
  };
}

/** The file name a recipient sees: Content-Disposition's, else the URL path's last segment. */
function filenameOf(url: string, disposition: string | undefined): string {
  const given = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  let name = given;
  if (!name) {
    try {
      name = posix.basename(new URL(url).pathname);
    } catch {
      name = undefined;
    }
  }
  try {
    name = name ? decodeURIComponent(name) : undefined;
  } catch {
    // keep it as written
  }
  // No path separators or control characters in a file name.
  const clean = name
    ?.replace(/[\\/]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .trim()
    .slice(0, 200);
  return clean || 'attachment';
}
