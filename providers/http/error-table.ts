import type { ProviderError } from '../../src/errors.js';
import { type ProviderErrorKind, providerError } from '../errors.js';
import type { HttpResponse } from './client.js';

/** One row of a provider's error table: the class of a vendor code, and what to tell the user. */
export type ErrorRule = { kind: ProviderErrorKind; message: string };

/**
 * A provider's own error codes → our classes. Keys are the vendor's codes as strings. Each adapter
 * keeps its table in `providers/<name>/errors.ts`, one row per documented code it can meet, and a
 * test per row; codes not in the table fall back to the HTTP status (see `classifyStatus`).
 */
export type ErrorTable = Readonly<Record<string, ErrorRule>>;

/** The vendor's error as found in its answer (body, or a per-recipient status in a 200). */
export type VendorError = { code?: string | undefined; message?: string | undefined };

const MAX_QUOTE = 500;

/** The class of an HTTP status when the vendor gave no code we know. */
export function classifyStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'credentials_invalid';
  if (status === 402) return 'insufficient_balance';
  if (status === 408) return 'provider_timeout';
  if (status >= 500) return 'provider_unavailable';
  return 'rejected';
}

/**
 * The ProviderError for a vendor answer that is not a success: the error table's row for the
 * vendor's code when there is one, else the HTTP status; an answer that is not the vendor's JSON at
 * all (an HTML page from a proxy or load balancer) is retryable whatever its status, except 401,
 * 402 and 429, which mean the same from anyone. `Retry-After` is honoured on every class, and the
 * vendor's code and words are kept for `error_details`.
 */
export function classifyFailure(
  providerName: string,
  response: HttpResponse,
  vendor: VendorError | undefined,
  table: ErrorTable,
): ProviderError {
  const rule = vendor?.code !== undefined ? table[vendor.code] : undefined;
  let kind: ProviderErrorKind;
  if (rule) kind = rule.kind;
  else if (!vendor && ![401, 402, 429].includes(response.status)) {
    kind = response.status >= 500 ? 'provider_unavailable' : 'provider_bad_response';
  } else kind = classifyStatus(response.status);
  const code = vendor?.code !== undefined ? `, code ${vendor.code}` : '';
  const words = rule?.message ?? defaultMessage(kind);
  return providerError(kind, `${providerName}: ${words} (HTTP ${response.status}${code})`, {
    retryAfterMs: retryAfterMs(response.headers),
    providerCode: vendor?.code,
    providerMessage: quote(vendor?.message ?? (vendor ? undefined : bodySnippet(response))),
    httpStatus: response.status,
  });
}

/** A failure reported inside a successful HTTP answer (a per-recipient status, a `status` per part). */
export function classifyVendorError(
  providerName: string,
  vendor: VendorError,
  table: ErrorTable,
  fallback: ProviderErrorKind = 'rejected',
): ProviderError {
  const rule = vendor.code !== undefined ? table[vendor.code] : undefined;
  const kind = rule?.kind ?? fallback;
  const code = vendor.code !== undefined ? ` (code ${vendor.code})` : '';
  return providerError(kind, `${providerName}: ${rule?.message ?? defaultMessage(kind)}${code}`, {
    providerCode: vendor.code,
    providerMessage: quote(vendor.message),
  });
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The JSON body of an answer, or undefined when it is not JSON (an HTML error page, a truncated body). */
export function parseJson(response: HttpResponse): unknown {
  if (!response.text) return undefined;
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

function defaultMessage(kind: ProviderErrorKind): string {
  switch (kind) {
    case 'rate_limited':
      return 'too many requests; sending is paused';
    case 'credentials_invalid':
      return 'the credentials were refused; update them and verify the channel';
    case 'insufficient_balance':
      return 'the account has no balance left; top it up and verify the channel';
    case 'account_inactive':
      return 'the account is not active; reactivate it and verify the channel';
    case 'provider_unavailable':
      return 'the provider is unavailable; the message will be retried';
    case 'provider_bad_response':
      return 'the provider answered with something other than its API (an error page?); the message will be retried';
    case 'provider_timeout':
      return 'the provider did not answer in time';
    default:
      return 'the provider refused the message';
  }
}

function quote(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE)}…` : flat;
}

function bodySnippet(response: HttpResponse): string | undefined {
  // The title of an HTML page says more than its markup.
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(response.text)?.[1];
  return title ?? response.text.slice(0, 200);
}
