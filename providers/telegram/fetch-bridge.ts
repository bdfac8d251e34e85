import { providerError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { parseJson } from '../http/error-table.js';
import { classifyTelegramFailure, type TelegramErrorBody } from './errors.js';

/**
 * The `fetch` handed to node-telegram-bot-api: the client builds the Bot API call (method URL under
 * its `apiRoot`, form-encoded parameters) and reads the `{ ok, result }` envelope; this sends it
 * through the channel's keep-alive pool (one pool per channel, no handshake per message, the
 * per-call deadline, the private-host guard) and turns every failure into a typed ProviderError
 * from Telegram's error table before the client sees it. The client wraps a rejected fetch in its
 * own NetworkError with our error as `cause` (see `asProviderError` in adapter.ts).
 */
export function createTelegramFetch(http: HttpClient): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await http.send({
      method: 'POST',
      url,
      headers: headersOf(init?.headers),
      body: bodyOf(init?.body),
    });
    const json = parseJson(response) as TelegramErrorBody | undefined;
    if (response.status < 200 || response.status >= 300 || json?.ok === false) {
      throw classifyTelegramFailure(response, json);
    }
    if (json === undefined || json === null || typeof json !== 'object') {
      // A 2xx that is not the Bot API's JSON (a captive portal, a proxy page): nothing was confirmed.
      throw providerError(
        'provider_bad_response',
        'Telegram answered with something other than its Bot API',
        {
          httpStatus: response.status,
        },
      );
    }
    // The client reads `status` and `text()` of the answer and nothing else (its transport): a WHATWG
    // Response around a text already read cost a stream, its transferable wrapper and a Headers per
    // message, about 7% of a Telegram broadcast's worker CPU.
    const answer: Pick<Response, 'status' | 'ok' | 'text'> = {
      status: response.status,
      ok: true,
      text: async () => response.text,
    };
    return answer as Response;
  }) as typeof fetch;
}

function headersOf(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  // The client passes a plain object; anything else goes through Headers.
  if (headers && typeof headers === 'object' && Object.getPrototypeOf(headers) === Object.prototype) {
    for (const [name, value] of Object.entries(headers as Record<string, string>))
      out[name.toLowerCase()] = value;
    return out;
  }
  new Headers(headers).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** The request body as text: the client sends URLSearchParams (files would be multipart: never used here). */
function bodyOf(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw providerError('rejected', 'Telegram: uploads are not supported; send media by https URL');
}
