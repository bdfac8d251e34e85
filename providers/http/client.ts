import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, request } from 'undici';
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

/**
 * The HTTP plumbing of one channel's adapter: a keep-alive connection pool (an undici Agent), a
 * per-call deadline, and transport faults turned into typed ProviderErrors (timeouts, resets,
 * refused connections, private hosts). It never throws anything else, and never classifies an
 * HTTP status: a 4xx or 5xx comes back as a response for the adapter's error table.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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

  /** The absolute URL of a path under the base URL (an absolute URL is kept). */
  resolve(url: string): string {
    if (/^https?:\/\//i.test(url)) return url;
    return `${this.options.baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
  }

  /** Makes one call; resolves with any HTTP answer, rejects only with a retryable or host ProviderError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const { response, signal } = await this.call(req);
    try {
      const text = await readCapped(response.body, MAX_BODY_BYTES);
      return { status: response.statusCode, headers: headersOf(response), text: text.toString('utf8') };
    } catch (error) {
      throw this.transportError(error, signal.aborted);
    }
  }

  /**
   * Fetches a URL's body as bytes (media by URL), reading at most `maxBytes`: a longer body (by its
   * Content-Length, or as read) is cut and flagged `tooLarge`. Same transport errors as `send`.
   */
  async download(url: string, maxBytes: number, timeoutMs?: number): Promise<HttpDownload> {
    const { response, signal } = await this.call({ method: 'GET', url, timeoutMs });
    const headers = headersOf(response);
    const announced = Number(headers['content-length']);
    if (Number.isFinite(announced) && announced > maxBytes) {
      response.body.destroy();
      return { status: response.statusCode, headers, body: Buffer.alloc(0), tooLarge: true };
    }
    try {
      const body = await readCapped(response.body, maxBytes + 1);
      const tooLarge = body.length > maxBytes;
      return {
        status: response.statusCode,
        headers,
        body: tooLarge ? body.subarray(0, maxBytes) : body,
        tooLarge,
      };
    } catch (error) {
      throw this.transportError(error, signal.aborted);
    }
  }

  private async call(req: HttpRequest): Promise<{ response: Dispatcher.ResponseData; signal: AbortSignal }> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(this.resolve(req.url), {
        dispatcher: this.agent,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return { response, signal };
    } catch (error) {
      throw this.transportError(error, signal.aborted);
    }
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

function headersOf(response: Dispatcher.ResponseData): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }, max: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk);
    size += buffer.length;
    if (size > max) {
      chunks.push(buffer.subarray(0, buffer.length - (size - max)));
      body.destroy?.();
      break;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
