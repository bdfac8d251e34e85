import type { ProviderError } from '../../src/errors.js';
import type { HttpResponse } from '../http/client.js';
import { classifyFailure, type ErrorTable, parseJson, type VendorError } from '../http/error-table.js';

/**
 * MessageBird's API error codes (the `errors[]` of an answer: `{ code, description, parameter }`,
 * https://developers.messagebird.com/api/#errors; the constants of its own SDKs, e.g.
 * php-rest-api `ResponseError`: 2 REQUEST_NOT_ALLOWED, 9 MISSING_PARAMS, 10 INVALID_PARAMS,
 * 20 NOT_FOUND, 25 NOT_ENOUGH_CREDIT). A row keyed `code:parameter` wins over the bare code: a
 * missing or invalid `recipients` is the address, a missing or invalid `originator` the sender.
 * Codes not listed fall back to the HTTP status (429 throttling, 5xx retryable). Each row has a test
 * in tests/providers/messagebird-errors.test.ts.
 */
export const MESSAGEBIRD_ERRORS: ErrorTable = {
  '2': {
    kind: 'credentials_invalid',
    message: 'the credentials were refused: request not allowed (incorrect access key)',
  },
  '25': { kind: 'insufficient_balance', message: 'not enough balance; top up and verify the channel' },
  '9:recipients': { kind: 'invalid_address', message: 'no (correct) recipients found' },
  '10:recipients': { kind: 'invalid_address', message: 'the recipient is not a valid number' },
  '9:originator': { kind: 'sender_invalid', message: 'the originator (sender) is missing' },
  '10:originator': { kind: 'sender_invalid', message: 'the originator (sender) is not valid' },
  '9': { kind: 'rejected', message: 'a required parameter is missing' },
  '10': { kind: 'rejected', message: 'a parameter is not valid' },
  '20': { kind: 'rejected', message: 'not found' },
  '21': { kind: 'rejected', message: 'bad request' },
  '98': { kind: 'rejected', message: 'API not found (check the base URL)' },
  '99': { kind: 'provider_unavailable', message: 'internal error at MessageBird' },
};

type MessageBirdError = { code?: unknown; description?: unknown; message?: unknown; parameter?: unknown };

/** The first error of MessageBird's `{ errors: [...] }` body, with its table key. */
export function messageBirdError(json: unknown): (VendorError & { key?: string }) | undefined {
  const errors = (json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] as MessageBirdError;
  const code =
    typeof first.code === 'number' || typeof first.code === 'string' ? String(first.code) : undefined;
  const words = typeof first.description === 'string' ? first.description : first.message;
  const message = typeof words === 'string' ? words : undefined;
  const parameter = typeof first.parameter === 'string' ? first.parameter : undefined;
  if (code === undefined && message === undefined) return undefined;
  const specific = code !== undefined && parameter ? `${code}:${parameter}` : undefined;
  const key = specific && MESSAGEBIRD_ERRORS[specific] ? specific : code;
  return { code, message: parameter && message ? `${message} (${parameter})` : message, key };
}

/** The ProviderError of a MessageBird answer that is not a success (see MESSAGEBIRD_ERRORS). */
export function classifyMessageBirdFailure(response: HttpResponse): ProviderError {
  const vendor = messageBirdError(parseJson(response));
  const rule = vendor?.key !== undefined ? MESSAGEBIRD_ERRORS[vendor.key] : undefined;
  // The shared classifier keeps the vendor's own code (not our table key) in error_details.
  const table: ErrorTable = rule && vendor?.code !== undefined ? { [vendor.code]: rule } : {};
  return classifyFailure(
    'MessageBird',
    response,
    vendor ? { code: vendor.code, message: vendor.message } : undefined,
    table,
  );
}
