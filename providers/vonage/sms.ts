import type { ProviderError } from '../../src/errors.js';
import { providerError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { classifyFailure, classifyVendorError, parseJson, retryAfterMs } from '../http/error-table.js';
import { VONAGE_ERRORS } from './errors.js';

export const VONAGE_NAME = 'Vonage';

// Vonage's SMS throughput limit is per second (30 requests/s by default): when its throttling
// reply names no wait, one second is the shortest wait that can help.
const THROTTLE_WAIT_MS = 1_000;
// Its throttling reply's words carry the wait, in milliseconds: "Throughput Rate Exceeded - please
// wait [ 1000 ] and retry".
const PLEASE_WAIT = /please wait \[\s*(\d{1,7})\s*\]/i;

type Part = { status?: unknown; 'message-id'?: unknown; 'error-text'?: unknown; to?: unknown };

/** The parts Vonage accepted, in order: a long text is split and each part has its own id. */
export type AcceptedSms = { messageIds: string[] };

/**
 * Reads the answer to `POST /sms/json`: `200 { "message-count", messages: [{ "message-id", status,
 * to, "remaining-balance", "message-price", network }] }` or, refused, `messages: [{ status,
 * "error-text" }]` — still a 200. `status` "0" is success per part; any other value is that part's
 * refusal, classified by the error table (throttling waits Retry-After when sent, else one second).
 * When only some parts were accepted the message is failed for good, whatever the code: the
 * accepted parts are on their way, and a retry would send them twice.
 */
export function readSmsAnswer(response: HttpResponse): AcceptedSms {
  const json = parseJson(response);
  const parts = partsOf(json);
  if (response.status < 200 || response.status >= 300) {
    const refused = parts?.find((p) => statusOf(p) !== '0');
    const vendor = refused ? { code: statusOf(refused), message: textOf(refused) } : errorLabel(json);
    throw classifyFailure(VONAGE_NAME, response, vendor, VONAGE_ERRORS);
  }
  if (!parts || parts.length === 0) {
    throw providerError(
      'provider_bad_response',
      `${VONAGE_NAME} answered with something other than its SMS API`,
      {
        httpStatus: response.status,
        providerMessage: response.text.slice(0, 200) || undefined,
      },
    );
  }
  const refused = parts.filter((p) => statusOf(p) !== '0');
  if (refused.length === 0) {
    const messageIds = parts.map((p) => (typeof p['message-id'] === 'string' ? p['message-id'] : ''));
    if (messageIds.some((id) => id === '')) {
      throw providerError(
        'provider_bad_response',
        `${VONAGE_NAME} accepted the message without a message id`,
        {
          httpStatus: response.status,
        },
      );
    }
    return { messageIds };
  }
  const first = refused[0]!;
  const code = statusOf(first);
  if (refused.length < parts.length) {
    return failPartially(code, textOf(first), parts.length - refused.length, parts.length, response);
  }
  const error = classifyVendorError(VONAGE_NAME, { code, message: textOf(first) }, VONAGE_ERRORS);
  return rethrow(error, response, textOf(first));
}

/** The part's error with the HTTP status, and for throttling the wait Vonage asked for. */
function rethrow(error: ProviderError, response: HttpResponse, text: string | undefined): never {
  throw providerError(error.code as Parameters<typeof providerError>[0], error.message, {
    ...error.details,
    httpStatus: response.status,
    retryAfterMs: error.code === 'rate_limited' ? throttleWaitMs(response, text) : undefined,
  });
}

/** Retry-After when sent, else the wait in the reply's words, else one second. */
export function throttleWaitMs(response: HttpResponse, text: string | undefined): number {
  const header = retryAfterMs(response.headers);
  if (header !== undefined) return header;
  const asked = text ? PLEASE_WAIT.exec(text)?.[1] : undefined;
  return asked !== undefined ? Math.max(1, Number(asked)) : THROTTLE_WAIT_MS;
}

function failPartially(
  code: string | undefined,
  text: string | undefined,
  accepted: number,
  total: number,
  response: HttpResponse,
): never {
  throw providerError(
    'rejected',
    `${VONAGE_NAME} accepted ${accepted} of the ${total} parts of the message and refused the others (code ${code}); it is not retried, since the accepted parts are on their way`,
    { providerCode: code, providerMessage: text, httpStatus: response.status },
  );
}

function partsOf(json: unknown): Part[] | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const messages = (json as { messages?: unknown }).messages;
  return Array.isArray(messages) ? (messages as Part[]) : undefined;
}

function statusOf(part: Part): string | undefined {
  const status = part.status;
  return typeof status === 'string' || typeof status === 'number' ? String(status) : undefined;
}

function textOf(part: Part): string | undefined {
  return typeof part['error-text'] === 'string' ? part['error-text'] : undefined;
}

/** The account API's error body: `{ "error-code": "401", "error-code-label": "authentication failed" }`. */
export function errorLabel(json: unknown): { code?: string; message?: string } | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const body = json as { 'error-code'?: unknown; 'error-code-label'?: unknown };
  const label = body['error-code-label'];
  if (typeof label !== 'string') return undefined;
  // The error code repeats the HTTP status: not one of the SMS API's codes, so not looked up.
  return { message: label };
}
