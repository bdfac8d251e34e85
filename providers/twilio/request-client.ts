import { providerError } from '../errors.js';
import type { HttpClient, HttpMethod } from '../http/client.js';
import { classifyFailure, parseJson, type VendorError } from '../http/error-table.js';
import { TWILIO_ERRORS } from './errors.js';

/** The part of the SDK's RequestClient.RequestOptions this bridge reads. */
type SdkRequest = {
  method: string;
  uri: string;
  username?: string | undefined;
  password?: string | undefined;
  headers?: Record<string, string> | undefined;
  params?: object | undefined;
  data?: object | undefined;
};

/** What the SDK expects back from its `httpClient.request`. */
type SdkResponse = { statusCode: number; body: string; headers: Record<string, string> };

/**
 * The `httpClient` handed to the twilio SDK: the SDK builds the request (path, form fields) and
 * parses the answer, this sends it through the channel's keep-alive pool, to `config.base_url`
 * when set (the SDK itself only knows twilio.com), and turns every failure into a typed
 * ProviderError from Twilio's error table, with Retry-After honoured. The SDK passes our rejection
 * through unchanged.
 */
export function createTwilioRequestClient(http: HttpClient, baseUrl: string | undefined) {
  return {
    async request(opts: SdkRequest): Promise<SdkResponse> {
      const target = new URL(opts.uri);
      const query = encodeForm(opts.params);
      if (query) target.search = target.search ? `${target.search}&${query}` : `?${query}`;
      // Under `config.base_url` the path goes to the channel's pool as a path (the SDK only knows twilio.com).
      const url = baseUrl ? `${target.pathname}${target.search}` : target.href;
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.username !== undefined && opts.password !== undefined) {
        headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
      }
      const body = opts.data ? encodeForm(opts.data) : undefined;
      const response = await http.send({
        method: opts.method.toUpperCase() as HttpMethod,
        url,
        headers,
        body,
      });
      const json = parseJson(response);
      if (response.status < 200 || response.status >= 300) {
        throw classifyFailure('Twilio', response, vendorError(json), TWILIO_ERRORS);
      }
      if (json === undefined || json === null || typeof json !== 'object') {
        // A 2xx that is not Twilio's JSON (a captive portal, a proxy page): nothing says it was accepted.
        throw providerError(
          'provider_bad_response',
          'Twilio answered with something other than its JSON API',
          {
            httpStatus: response.status,
          },
        );
      }
      return { statusCode: response.status, body: response.text, headers: response.headers };
    },
  };
}

/** Twilio's error body: `{ code, message, more_info, status }` (or RFC 9457 `{ detail, code }`). */
function vendorError(json: unknown): VendorError | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const body = json as { code?: unknown; message?: unknown; detail?: unknown };
  const code = typeof body.code === 'number' || typeof body.code === 'string' ? String(body.code) : undefined;
  const message =
    typeof body.message === 'string'
      ? body.message
      : typeof body.detail === 'string'
        ? body.detail
        : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { code, message };
}

/** Form encoding as Twilio takes it: a list repeats its key (`MediaUrl=a&MediaUrl=b`). */
function encodeForm(fields: object | undefined): string {
  if (!fields) return '';
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, String(item));
  }
  return form.toString();
}
