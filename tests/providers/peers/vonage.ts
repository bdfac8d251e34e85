import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  type ChannelView,
  type Fault,
  FaultPlan,
  type ProviderPeer,
  type ReceivedSend,
  type WebhookCall,
} from './peer.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export type VonageSigning = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';
/** How the account's webhooks are delivered (the dashboard's "HTTP Method"). */
export type VonageWebhookMethod = 'GET' | 'POST' | 'POST-JSON';

/**
 * Vonage's SMS API as its reference describes it (`sms.yml` and `account.yml` of Vonage's OpenAPI
 * definitions; developer.vonage.com "Delivery receipts", "Troubleshooting SMS", "Signing messages"),
 * on loopback:
 * - `POST /sms/json`, form-encoded (`api_key`, `api_secret`, `from`, `to` in E.164 without `+`,
 *   `text`, `type`, `client-ref`, `callback`): always HTTP 200, `{ "message-count", messages: [...] }`
 *   with one entry per part (`message-id`, `status` "0", `to`, `remaining-balance`, `message-price`,
 *   `network`, `client-ref`); a refusal is `{ status, "error-text" }` in the same 200 (4 Bad
 *   Credentials, 9 Quota Exceeded, 1 Throughput Rate Exceeded, 6 Invalid Message, 5 Internal Error).
 *   A text longer than one SMS is split: 160 GSM characters alone or 153 per part, 70 UCS-2 alone
 *   or 67 per part (`type=unicode`).
 * - `GET /account/get-balance?api_key=&api_secret=`: `{ value, autoReload }`, or 401
 *   `{ "error-code": "401", "error-code-label": "authentication failed" }`.
 * - Webhooks (delivery receipts to the message's `callback`, else the channel's status URL; inbound
 *   messages to the number's URL), by GET, POST or POST-JSON, signed: `timestamp`, `nonce` and `sig`
 *   computed as the "Signing messages" guide says (see `signVonage` below, written from that text).
 */
export class VonagePeer implements ProviderPeer {
  readonly provider = 'vonage' as const;
  static readonly supports = {
    send: true,
    receipts: true,
    read: false,
    faults: [
      'invalid_address',
      'throttled',
      'bad_credentials',
      'insufficient_balance',
      'server_error',
      'html_page',
      'reset',
      'hang',
    ],
  } as const;
  readonly supports = VonagePeer.supports;
  readonly apiKey = hex(4);
  readonly apiSecret = hex(8);
  readonly signatureSecret = hex(16);
  readonly from = 'TURUMBA';
  readonly number = '447700900123';
  /** The signing method set in the account's dashboard. */
  signing: VonageSigning = 'sha256';
  webhookMethod: VonageWebhookMethod = 'POST-JSON';
  balance = { value: 10.1712, autoReload: false };
  readonly sent: ReceivedSend[] = [];
  /** Every part id of each send, by its first part's id. */
  readonly parts = new Map<string, string[]>();
  // The send of each part id: a receipt finds its send without a scan of every send.
  private readonly sendOfPart = new Map<string, ReceivedSend>();
  readonly received: { method: string; path: string; query: URLSearchParams; form: URLSearchParams }[] = [];
  requests = 0;
  connections = 0;
  private readonly faults = new FaultPlan();
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  baseUrl = '';

  static async start(): Promise<VonagePeer> {
    const peer = new VonagePeer();
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    peer.baseUrl = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
    peer.server.on('connection', (socket) => {
      peer.connections += 1;
      peer.sockets.add(socket);
      socket.on('close', () => peer.sockets.delete(socket));
    });
    return peer;
  }

  channelBody(config: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'Vonage',
      channel_type: 'sms',
      provider: 'vonage',
      credentials: {
        api_key: this.apiKey,
        api_secret: this.apiSecret,
        signature_secret: this.signatureSecret,
      },
      config: {
        from: this.from,
        signature_method: this.signing,
        base_url: this.baseUrl,
        // Short enough for the hang cases, long enough for a loaded test machine.
        timeout_ms: 3_000,
        ...config,
      },
    };
  }

  recipient(n: number): string {
    return `+336123${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+336987${String(n).padStart(5, '0')}`;
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

  receipt(channel: ChannelView, messageId: string, status: 'delivered' | 'failed' | 'read'): WebhookCall {
    return this.dlr(channel, messageId, status === 'failed' ? 'failed' : 'delivered');
  }

  /** A delivery receipt as Vonage sends it for one part (a multi-part message gets one per part). */
  dlr(channel: ChannelView, messageId: string, status: string, errCode?: string): WebhookCall {
    const send = this.sendOf(messageId);
    const fields: Record<string, string> = {
      msisdn: (send?.to ?? this.recipient(0)).replace(/^\+/, ''),
      to: this.from,
      'network-code': '23410',
      messageId,
      price: '0.03330000',
      status,
      scts: '2001011400',
      'err-code': errCode ?? (status === 'delivered' ? '0' : status === 'failed' ? '3' : '1'),
      'api-key': this.apiKey,
      'message-timestamp': vonageTime(new Date()),
    };
    const ref = send?.fields['client-ref'];
    if (typeof ref === 'string') fields['client-ref'] = ref;
    const callback = send?.fields.callback;
    return this.signed(typeof callback === 'string' ? callback : channel.webhook_urls.status!, fields);
  }

  unknownReceipt(channel: ChannelView, messageId: string): WebhookCall {
    // `unknown` is one of Vonage's own statuses: "no useful information available".
    return this.dlr(channel, messageId, 'unknown');
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    return this.signed(channel.webhook_urls.inbound!, this.inboundFields(message));
  }

  /** The fields of an inbound SMS (`msisdn`, `to`, `messageId`, `text`, `type`, `keyword`...). */
  inboundFields(message: { id: string; from: string; text: string }): Record<string, string> {
    return {
      'api-key': this.apiKey,
      msisdn: message.from.replace(/^\+/, ''),
      to: this.number,
      messageId: message.id,
      text: message.text,
      type: 'text',
      keyword: (message.text.split(/\s+/)[0] ?? '').toUpperCase(),
      'message-timestamp': vonageTime(new Date()),
    };
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.signed(channel.webhook_urls.inbound!, {
      'api-key': this.apiKey,
      to: this.number,
      text: 'no sender',
      type: 'text',
    });
  }

  forge(call: WebhookCall): WebhookCall {
    // The same fields signed with another secret: the right shape, the wrong key.
    const params = paramsOf(call);
    delete params.sig;
    return this.deliverAs(
      call.url,
      { ...params, sig: signVonage(params, hex(16), this.signing) },
      this.webhookMethod,
    );
  }

  /**
   * A webhook as Vonage delivers it: `timestamp` (now, unless given) and `nonce` added, `sig`
   * computed over all the fields with the account's signature secret and method.
   */
  signed(
    url: string,
    fields: Record<string, string>,
    options: {
      method?: VonageWebhookMethod;
      secret?: string;
      signing?: VonageSigning;
      timestamp?: number;
    } = {},
  ): WebhookCall {
    const params: Record<string, string> = {
      ...fields,
      timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
      nonce: randomUUID(),
    };
    params.sig = signVonage(params, options.secret ?? this.signatureSecret, options.signing ?? this.signing);
    return this.deliverAs(url, params, options.method ?? this.webhookMethod);
  }

  private deliverAs(url: string, params: Record<string, string>, method: VonageWebhookMethod): WebhookCall {
    const target = new URL(url);
    if (method === 'GET') {
      for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
      return { method: 'GET', url: target.toString(), headers: {}, body: '' };
    }
    if (method === 'POST') {
      return {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      };
    }
    return {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private sendOf(messageId: string): ReceivedSend | undefined {
    return this.sendOfPart.get(messageId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://peer');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    this.received.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, form });
    const fault = this.faults.take();
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return; // never answers; the socket closes with the server
    if (fault?.kind === 'html_page') {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>503 Service Unavailable</title></head><body>Service Unavailable</body></html>',
      );
      return;
    }
    if (url.pathname === '/account/get-balance' && req.method === 'GET') {
      const q = url.searchParams;
      if (
        fault?.kind === 'bad_credentials' ||
        q.get('api_key') !== this.apiKey ||
        q.get('api_secret') !== this.apiSecret
      ) {
        return json(res, 401, { 'error-code': '401', 'error-code-label': 'authentication failed' });
      }
      return json(res, 200, this.balance);
    }
    if (url.pathname !== '/sms/json' || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const refuse = (status: string, text: string) =>
      json(res, 200, { 'message-count': '1', messages: [{ status, 'error-text': text }] });
    if (
      fault?.kind === 'bad_credentials' ||
      form.get('api_key') !== this.apiKey ||
      form.get('api_secret') !== this.apiSecret
    ) {
      return refuse('4', 'Bad Credentials');
    }
    const from = form.get('from');
    const to = form.get('to') ?? '';
    const text = form.get('text');
    if (!from || !to || text === null)
      return refuse('2', `Missing ${!from ? 'from' : !to ? 'to' : 'text'} param`);
    if (!/^\d{7,15}$/.test(to)) return refuse('3', 'Invalid to address');
    // The SMS API's `callback`: at most 100 characters.
    if ((form.get('callback')?.length ?? 0) > 100) return refuse('23', 'Invalid Callback Url');
    if (fault?.kind === 'throttled') {
      return refuse(
        '1',
        `Throughput Rate Exceeded - please wait [ ${fault.retryAfterSeconds * 1000} ] and retry`,
      );
    }
    if (fault?.kind === 'insufficient_balance') return refuse('9', 'Quota Exceeded - rejected');
    if (fault?.kind === 'invalid_address') return refuse('6', 'Invalid Message');
    if (fault?.kind === 'server_error') return refuse('5', 'Internal Error');
    const ids = Array.from({ length: vonagePartCount(form) }, () => hex(8).toUpperCase());
    const send: ReceivedSend = {
      to: `+${to}`,
      body: text,
      providerMessageId: ids[0]!,
      at: Date.now(),
      fields: Object.fromEntries(form),
    };
    this.sent.push(send);
    this.parts.set(ids[0]!, ids);
    for (const id of ids) this.sendOfPart.set(id, send);
    await this.hook?.(send);
    json(res, 200, vonageSmsAnswer(ids, form));
  }
}

/** How many parts Vonage splits a text into (GSM 160/153 characters, unicode 70/67). */
export function vonagePartCount(form: URLSearchParams): number {
  const [single, each] = form.get('type') === 'unicode' ? [70, 67] : [160, 153];
  const length = [...(form.get('text') ?? '')].length;
  return length <= single ? 1 : Math.ceil(length / each);
}

/** Vonage's answer to an accepted `POST /sms/json`: one entry per part, each with its message id. */
export function vonageSmsAnswer(ids: string[], form: URLSearchParams): Record<string, unknown> {
  const clientRef = form.get('client-ref');
  return {
    'message-count': String(ids.length),
    messages: ids.map((id) => ({
      to: form.get('to'),
      'message-id': id,
      status: '0',
      'remaining-balance': '3.14159265',
      'message-price': '0.03330000',
      network: '23410',
      ...(clientRef ? { 'client-ref': clientRef } : {}),
    })),
  };
}

/**
 * `sig` written from Vonage's "Signing messages" guide, "Manually generate a signature": without
 * `sig`, loop over the parameters sorted by key; in every value replace each `&` and `=` with `_`;
 * build `&akey=value&bkey=value` (ampersand first); for "MD5 hash" append the signature secret and
 * take the MD5, for an HMAC run the string through an HMAC keyed with the secret; hex digits.
 */
export function signVonage(params: Record<string, string>, secret: string, signing: VonageSigning): string {
  let text = '';
  for (const key of Object.keys(params).sort()) {
    if (key === 'sig') continue;
    text += `&${key}=${params[key]!.split('&').join('_').split('=').join('_')}`;
  }
  if (signing === 'md5hash')
    return createHash('md5')
      .update(text + secret)
      .digest('hex');
  const algorithm = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' }[signing];
  return createHmac(algorithm, secret).update(text).digest('hex').toUpperCase();
}

/** The parameters of a webhook call, whichever way it is delivered. */
function paramsOf(call: WebhookCall): Record<string, string> {
  if (call.method === 'GET') return Object.fromEntries(new URL(call.url).searchParams);
  if ((call.headers['content-type'] ?? '').includes('json')) return JSON.parse(call.body);
  return Object.fromEntries(new URLSearchParams(call.body));
}

/** Vonage's `message-timestamp`: `2020-01-01 12:00:00`. */
function vonageTime(at: Date): string {
  return at.toISOString().replace('T', ' ').slice(0, 19);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
