import type { ProviderError } from '../../src/errors.js';
import { providerError } from '../errors.js';
import { HttpClient, type HttpMethod, type HttpResponse } from '../http/client.js';
import { classifyFailure, type ErrorTable, parseJson } from '../http/error-table.js';

/** Meta's Graph API host; WhatsApp Cloud API and the Messenger Send API both live on it. */
export const GRAPH_API = 'https://graph.facebook.com';

/** What building a Graph client needs from a channel. */
export type GraphClientOptions = {
  /** The vendor's name in messages ("WhatsApp", "Messenger"). */
  providerName: string;
  /** `config.base_url` when allowed, else Meta's host. */
  baseUrl: string | undefined;
  /** `config.api_version` (`v21.0`). */
  apiVersion: string;
  accessToken: string;
  timeoutMs: number | undefined;
  allowPrivateHosts: boolean;
  /** The provider's error table, keyed `code` or `code/subcode` (see `graphErrorRule`). */
  errors: ErrorTable;
};

/**
 * One channel's Graph API client: a keep-alive pool (providers/http), the access token as a Bearer
 * header (Graph accepts it there as well as in `access_token`; a header keeps it out of URLs and
 * logs), JSON in and out, and every failure as a ProviderError classified from Meta's own error
 * codes.
 */
export class GraphClient {
  private readonly http: HttpClient;

  constructor(private readonly options: GraphClientOptions) {
    this.http = new HttpClient({
      providerName: options.providerName,
      baseUrl: options.baseUrl ?? GRAPH_API,
      timeoutMs: options.timeoutMs,
      allowPrivateHosts: options.allowPrivateHosts,
    });
  }

  /** Calls `/{api_version}/{path}`; resolves with the JSON object of a 2xx answer. */
  async call(method: HttpMethod, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await this.http.send({
      method,
      url: `/${this.options.apiVersion}/${path.replace(/^\/+/, '')}`,
      headers: {
        Authorization: `Bearer ${this.options.accessToken}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = parseJson(response);
    if (response.status < 200 || response.status >= 300) {
      throw classifyGraphFailure(this.options.providerName, response, json, this.options.errors);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      // A 2xx that is not Graph's JSON (a proxy page): nothing says the call was accepted.
      throw providerError(
        'provider_bad_response',
        `${this.options.providerName} answered with something other than the Graph API's JSON`,
        { httpStatus: response.status },
      );
    }
    return json as Record<string, unknown>;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** A Graph API error object: `{ error: { message, type, code, error_subcode, error_data: { details } } }`. */
export type GraphError = { code: number; subcode?: number | undefined; message?: string | undefined };

/**
 * The error in a Graph API answer, or undefined when the body is not one (an HTML page). Meta's
 * words come from `error_data.details` (WhatsApp puts the useful part there), else
 * `error_user_msg`, else `message`.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export function graphError(json: unknown): GraphError | undefined {
  const error = (json as { error?: unknown } | undefined)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  const code = toInt(e.code);
  if (code === undefined) return undefined;
  const details = (e.error_data as { details?: unknown } | undefined)?.details;
  const words = [e.message, details, e.error_user_msg].filter(
    (w): w is string => typeof w === 'string' && w.length > 0,
  );
  return {
    code,
    subcode: toInt(e.error_subcode),
    message: words.length > 0 ? [...new Set(words)].join(': ') : undefined,
  };
}

/** The vendor code as error_details shows it: `190`, or `10/2018278` when there is a subcode. */
export function graphCode(error: GraphError): string {
  return error.subcode === undefined ? String(error.code) : `${error.code}/${error.subcode}`;
}

/**
 * The table's rule for a Graph error: `code/subcode` first (Messenger splits codes by subcode),
 * then `code`, then the `200-299` permission range Meta documents as one row.
 */
export function graphErrorRule(table: ErrorTable, error: GraphError) {
  const keys = [graphCode(error), String(error.code)];
  if (error.code >= 200 && error.code <= 299) keys.push('200-299');
  for (const key of keys) {
    const rule = table[key];
    if (rule) return rule;
  }
  return undefined;
}

/**
 * A non-2xx Graph answer as a ProviderError: the table's class for Meta's code (whatever the HTTP
 * status: Meta answers most errors, throttling included, with 400), else the HTTP status; an answer
 * that is not Graph JSON is retryable (see providers/http/error-table.ts). Meta sends no
 * Retry-After on throttling; its hint is `estimated_time_to_regain_access` (minutes) in the
 * X-Business-Use-Case-Usage header, honoured when present.
 */
export function classifyGraphFailure(
  providerName: string,
  response: HttpResponse,
  json: unknown,
  table: ErrorTable,
): ProviderError {
  const error = graphError(json);
  const hint = regainAccessMs(response.headers);
  const headers =
    hint !== undefined && response.headers['retry-after'] === undefined
      ? { ...response.headers, 'retry-after': String(hint / 1000) }
      : response.headers;
  if (!error) return classifyFailure(providerName, { ...response, headers }, undefined, {});
  const code = graphCode(error);
  const rule = graphErrorRule(table, error);
  return classifyFailure(
    providerName,
    { ...response, headers },
    { code, message: error.message },
    rule ? { [code]: rule } : {},
  );
}

/**
 * The longest `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage, in ms;
 * undefined when absent or zero. The header maps business object ids to usage entries:
 * `{"<id>":[{"type":"whatsapp","call_count":100,...,"estimated_time_to_regain_access":5}]}`.
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */
export function regainAccessMs(headers: Record<string, string>): number | undefined {
  const raw = headers['x-business-use-case-usage'];
  if (!raw) return undefined;
  let usage: unknown;
  try {
    usage = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!usage || typeof usage !== 'object') return undefined;
  let minutes = 0;
  for (const entries of Object.values(usage as Record<string, unknown>)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const value = toInt(
        (entry as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access,
      );
      if (value !== undefined && value > minutes) minutes = value;
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}
