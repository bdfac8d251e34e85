import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { ProviderError } from '../../src/errors.js';
import { providerError } from '../errors.js';
import { guardedLookup, isPrivateAddress, PrivateHostError } from './private-hosts.js';

/** Settings of one channel's HTTP client. */
export type HttpClientOptions = {
  /** The vendor's name, in error messages ("Twilio did not answer in time"). */
  providerName: string;
  /** Origin (and optional path prefix) that relative paths are joined to. */
  baseUrl: string;
  /** Whole-call deadline: connect, send, headers and body. */
  timeoutMs?: number | undefined;
  /** Sockets kept per origin: the in-flight calls of a broadcast share them. */
  connections?: number | undefined;
  /** PROVIDER_PRIVATE_HOSTS: when false, a host resolving to a private address is refused at connect. */
  allowPrivateHosts: boolean;
  /** PEM certificates of a private CA trusted besides the public ones (a self-hosted endpoint). */
  ca?: string | undefined;
};

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type HttpRequest = {
  method: HttpMethod;
  /** A path joined to the base URL (`/2010-04-01/...`), or an absolute URL. */
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  /** Overrides the client's deadline for this call. */
  timeoutMs?: number | undefined;
};

/** A vendor's answer, whatever its status: classifying it is the adapter's job (see error-table.ts). */
export type HttpResponse = {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
};

/** A download's answer: the body as bytes, cut at the limit (`tooLarge` then). */
export type HttpDownload = {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body was longer than the limit (announced by Content-Length, or seen while reading). */
  tooLarge: boolean;
};

/** Default whole-call deadline; the send path's own 30 s deadline stays above it. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Two send jobs' worth of in-flight calls (32 each): a broadcast rarely waits for a socket. */
const DEFAULT_CONNECTIONS = 64;
// Idle sockets are kept this long unless the server's Keep-Alive header says less.
const KEEP_ALIVE_MS = 30_000;
// A vendor error page is small; anything bigger is cut (it is only ever classified and quoted).
const MAX_BODY_BYTES = 1024 * 1024;
const ABSOLUTE = /^https?:\/\//i;

/**
 * The HTTP plumbing of one channel's adapter: a keep-alive connection pool (an undici Agent), a
 * per-call deadline, and transport faults turned into typed ProviderErrors (timeouts, resets,
 * refused connections, private hosts). It never throws anything else, and never classifies an
 * HTTP status: a 4xx or 5xx comes back as a response for the adapter's error table.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  /** The base URL's origin, and its path without the trailing slash ('' or '/api'). */
  private readonly base: { origin: string; prefix: string };

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const baseUrl = new URL(options.baseUrl);
    this.base = { origin: baseUrl.origin, prefix: baseUrl.pathname.replace(/\/+$/, '') };
    const connectTimeout = Math.min(this.timeoutMs, 5_000);
    const base = buildConnector({
      timeout: connectTimeout,
      ...(options.allowPrivateHosts ? {} : { lookup: guardedLookup as never }),
      // `ca` replaces Node's roots: keep them and add the private CA.
      ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
    });
    const connect: buildConnector.connector = (opts, callback) => {
      // net.connect skips the lookup for an IP literal: check it here.
      const host = opts.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivateHosts && isIP(host) && isPrivateAddress(host)) {
        callback(new PrivateHostError(`${host} is a private address`), null);
        return;
      }
      base(opts, callback);
    };
    this.agent = new Agent({
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: 10 * KEEP_ALIVE_MS,
      connect,
    });
  }

  /** Makes one call; resolves with any HTTP answer, rejects only with a retryable or host ProviderError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const answer = await this.exchange(req, MAX_BODY_BYTES, false);
    return { status: answer.status, headers: answer.headers, text: answer.body.toString('utf8') };
  }

  /**
   * Fetches a URL's body as bytes (media by URL), reading at most `maxBytes`: a longer body (by its
   * Content-Length, or as read) is cut and flagged `tooLarge`. Same transport errors as `send`.
   */
  download(url: string, maxBytes: number, timeoutMs?: number): Promise<HttpDownload> {
    return this.exchange({ method: 'GET', url, timeoutMs }, maxBytes, true);
  }

  /**
   * One request on the pool, read straight from undici's dispatch callbacks: no response stream,
   * no AbortSignal, no URL parsing for a path under the base URL (a broadcast makes thousands of
   * these a second, and those layers cost about as much CPU as the HTTP exchange itself). The
   * deadline covers the whole call, the wait for a pooled socket included: a call still waiting
   * when it passes is aborted before it is written, so a timed-out message is never sent late.
   */
  private exchange(req: HttpRequest, maxBytes: number, refuseAnnounced: boolean): Promise<HttpDownload> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const { origin, path } = this.target(req.url);
    return new Promise<HttpDownload>((resolve, reject) => {
      let controller: Dispatcher.DispatchController | undefined;
      let settled = false;
      let deadlinePassed = false;
      let status = 0;
      let headers: Record<string, string> = {};
      let chunks: Buffer[] = [];
      let size = 0;
      const finish = (error: unknown, tooLarge = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined) {
          reject(this.transportError(error, deadlinePassed));
          return;
        }
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        resolve({ status, headers, body, tooLarge });
      };
      // Read past the limit: keep what fits, drop the connection, answer with the cut body.
      // (Settled first: an abort reports itself to onResponseError at once.)
      const cut = () => {
        finish(undefined, true);
        controller?.abort(new Error('answer too large'));
      };
      const timer = setTimeout(() => {
        deadlinePassed = true;
        const error = new Error('deadline passed');
        finish(error);
        controller?.abort(error);
      }, timeoutMs);
      this.agent.dispatch(
        {
          origin,
          path,
          method: req.method,
          headers: req.headers,
          body: req.body ?? null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        {
          onRequestStart(c) {
            controller = c;
            // The deadline passed while the call waited for a socket: it is never written.
            if (settled) c.abort(new Error('deadline passed'));
          },
          onResponseStart(_c, statusCode, raw) {
            // A 1xx informational answer comes first and is replaced by the final one.
            status = statusCode;
            headers = lowerCased(raw);
            chunks = [];
            size = 0;
            if (refuseAnnounced && Number(headers['content-length']) > maxBytes) cut();
          },
          onResponseData(_c, chunk) {
            if (settled) return;
            size += chunk.length;
            if (size > maxBytes) {
              chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
              cut();
              return;
            }
            chunks.push(chunk);
          },
          onResponseEnd() {
            finish(undefined);
          },
          onResponseError(_c, error) {
            finish(error);
          },
        },
      );
    });
  }

  /** Origin and path of a call: a path under the base URL is joined without parsing a URL. */
  private target(url: string): { origin: string; path: string } {
    if (!ABSOLUTE.test(url)) return { origin: this.base.origin, path: joinPath(this.base.prefix, url) };
    // An SDK that builds absolute URLs on the base origin (Telegram's client): no parse either.
    const { origin } = this.base;
    if (url.startsWith(origin) && (url[origin.length] === '/' || url[origin.length] === '?')) {
      return { origin, path: url.slice(origin.length) };
    }
    const parsed = new URL(url);
    return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
  }

  /** Closes the pooled sockets. */
  async close(): Promise<void> {
    await this.agent.close().catch(() => {});
  }

  private transportError(error: unknown, deadlinePassed: boolean): ProviderError {
    const name = this.options.providerName;
    const code = errorCode(error);
    if (error instanceof PrivateHostError || code === 'ERR_PRIVATE_HOST') {
      return providerError(
        'host_not_allowed',
        `${name}: the provider host resolves to a private address, which PROVIDER_PRIVATE_HOSTS does not allow`,
      );
    }
    if (
      deadlinePassed ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT' ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'ETIMEDOUT'
    ) {
      return providerError('provider_timeout', `${name} did not answer in time`);
    }
    // Resets, refused connections, DNS failures, a peer closing mid-answer: the call may or may
    // not have reached the vendor; the retry carries the same message id and attempt.
    return providerError(
      'provider_connection_failed',
      `The connection to ${name} failed (${code ?? (error as Error)?.name ?? 'error'})`,
    );
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function lowerCased(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function joinPath(prefix: string, path: string): string {
  return `${prefix}/${path.replace(/^\/+/, '')}`;
}
