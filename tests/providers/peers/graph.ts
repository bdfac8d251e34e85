import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ChannelView, type Fault, FaultPlan, type ReceivedSend, type WebhookCall } from './peer.js';

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A request as a Graph peer route sees it. */
export type GraphRequest = {
  method: string;
  /** The path after `/{version}/`, e.g. `106540352242922/messages`. */
  path: string;
  query: URLSearchParams;
  /** The access token, from `Authorization: Bearer` or the `access_token` parameter. */
  token: string | undefined;
  json: Record<string, unknown> | undefined;
};

/** A route's answer. */
export type GraphAnswer = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * What WhatsApp Cloud API and Messenger peers share, as Meta's Graph API behaves
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling): versioned paths
 * (`/v21.0/...`), the access token as a Bearer header or `access_token` parameter, JSON bodies,
 * errors as `{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`, and
 * webhooks signed with the app secret (`X-Hub-Signature-256: sha256=` + hex HMAC-SHA256 of the body
 * as sent). Meta sends bodies with non-ASCII characters and slashes escaped (`\u00e4`, `\/`) and signs
 * exactly those bytes; so does this peer. The signing code here is the peer's own.
 */
export abstract class GraphPeer {
  readonly sent: ReceivedSend[] = [];
  requests = 0;
  connections = 0;
  readonly appSecret = hex(16);
  readonly verifyToken = `verify-${hex(8)}`;
  protected baseUrl = '';
  private readonly faults = new FaultPlan();
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('connection', (socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  failNext(fault: Fault, times = 1): void {
    this.faults.add(fault, times);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  beforeAnswer(hook: ((send: ReceivedSend) => Promise<void>) | undefined): void {
    this.hook = hook;
  }

  /** The same call signed with another app's secret: the right shape, the wrong key. */
  forge(call: WebhookCall): WebhookCall {
    return { ...call, headers: { ...call.headers, 'x-hub-signature-256': hubSignature(hex(16), call.body) } };
  }

  /** Meta's subscription handshake as it calls the callback URL. */
  handshake(channel: ChannelView, verifyToken: string, challenge: string): WebhookCall {
    const url = new URL(channel.webhook_urls.inbound!);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    return { method: 'GET', url: url.toString(), headers: {}, body: '' };
  }

  /** A webhook POST of `payload` to the channel's URL, encoded and signed the way Meta does. */
  signedWebhook(channel: ChannelView, payload: unknown, secret = this.appSecret): WebhookCall {
    const body = metaJson(payload);
    return {
      method: 'POST',
      url: channel.webhook_urls.inbound!,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(secret, body) },
      body,
    };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Records a send and runs the hook a test set (a receipt that overtakes the answer). */
  protected async record(send: ReceivedSend): Promise<void> {
    this.sent.push(send);
    await this.hook?.(send);
  }

  /** The provider's answer to a fault on an API call, or undefined to go on. */
  protected abstract faultAnswer(fault: Fault, req: GraphRequest): GraphAnswer | undefined;

  /** Serves one authenticated API call. */
  protected abstract route(req: GraphRequest, fault: Fault | undefined): Promise<GraphAnswer>;

  /** True when the token is this peer's. */
  protected abstract tokenValid(token: string | undefined): boolean;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const fault = this.faults.take();
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return; // never answers; the socket closes with the server
    if (fault?.kind === 'html_page') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://peer');
    const versioned = /^\/v\d+\.\d+\/(.+)$/.exec(url.pathname);
    if (!versioned) {
      return answer(
        res,
        graphFailure(400, 2500, `Unknown path components: ${url.pathname}`, 'OAuthException'),
      );
    }
    let json: Record<string, unknown> | undefined;
    if (raw) {
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return answer(res, graphFailure(400, 100, '(#100) The parameter body is not valid JSON'));
      }
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const request: GraphRequest = {
      method: req.method ?? 'GET',
      path: versioned[1]!,
      query: url.searchParams,
      token: bearer ?? url.searchParams.get('access_token') ?? undefined,
      json,
    };
    if (!request.token) {
      return answer(
        res,
        graphFailure(400, 2500, 'An active access token must be used to query information.'),
      );
    }
    if (!this.tokenValid(request.token)) {
      return answer(
        res,
        graphFailure(401, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException'),
      );
    }
    const faulted = fault ? this.faultAnswer(fault, request) : undefined;
    if (faulted) return answer(res, faulted);
    answer(res, await this.route(request, fault));
  }
}

/** A Graph API error answer. */
export function graphFailure(
  status: number,
  code: number,
  message: string,
  type = 'OAuthException',
  extra: Record<string, unknown> = {},
): GraphAnswer {
  return {
    status,
    body: { error: { message, type, code, ...extra, fbtrace_id: `A${hex(10)}` } },
  };
}

function answer(res: ServerResponse, a: GraphAnswer): void {
  res.writeHead(a.status, { 'content-type': 'application/json; charset=UTF-8', ...a.headers });
  res.end(JSON.stringify(a.body));
}

/** `sha256=` + the hex HMAC-SHA256 of the body with the app secret. */
export function hubSignature(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
}

/** JSON as Meta writes its webhook bodies: non-ASCII as lowercase `\uXXXX`, slashes as `\/`. */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
