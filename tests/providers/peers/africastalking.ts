import { randomBytes } from 'node:crypto';
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

/**
 * Africa's Talking's SMS API as its reference describes it
 * (https://developers.africastalking.com/docs/sms/sending, .../notifications), on loopback:
 * - `POST /version1/messaging`, form-encoded (`username`, `to`, `message`, `from`, `bulkSMSMode`),
 *   the `apiKey` header; answers `201 { SMSMessageData: { Message, Recipients: [{ statusCode,
 *   number, status, cost, messageId }] } }`, where a refused recipient keeps the 201 and carries its
 *   own code (403 InvalidPhoneNumber, 405 InsufficientBalance, 406 UserInBlacklist, 500
 *   InternalServerError...). JSON only when asked with `Accept: application/json` (XML otherwise).
 * - `GET /version1/user?username=`: `{ UserData: { balance: "KES 1785.50" } }`.
 * - A wrong key or username: 401, plain text "The supplied authentication is invalid".
 * - Callbacks: form-encoded POSTs to the dashboard's URLs, unsigned: delivery reports (`id`,
 *   `status` Success/Failed/..., `phoneNumber`, `networkCode`, `failureReason`, `retryCount`) and
 *   incoming messages (`date`, `from`, `id`, `linkId`, `text`, `to`, `networkCode`).
 */
export class AfricasTalkingPeer implements ProviderPeer {
  readonly provider = 'africastalking' as const;
  static readonly supports = {
    send: true,
    receipts: true,
    read: false,
    // Africa's Talking documents no throttling reply, so the peer plays none.
    faults: [
      'invalid_address',
      'opted_out',
      'bad_credentials',
      'insufficient_balance',
      'server_error',
      'html_page',
      'reset',
      'hang',
    ],
  } as const;
  readonly supports = AfricasTalkingPeer.supports;
  readonly username = `turumba-${hex(4)}`;
  readonly apiKey = `atsk_${hex(24)}`;
  readonly senderId = 'TURUMBA';
  readonly shortCode = '20880';
  /** The balance `GET /version1/user` reports. */
  balance = 'KES 1785.5000';
  readonly sent: ReceivedSend[] = [];
  /** Every request as received: method, path, headers, form. */
  readonly received: {
    method: string;
    path: string;
    headers: IncomingMessage['headers'];
    form: URLSearchParams;
  }[] = [];
  requests = 0;
  connections = 0;
  private readonly faults = new FaultPlan();
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  baseUrl = '';

  static async start(): Promise<AfricasTalkingPeer> {
    const peer = new AfricasTalkingPeer();
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
      name: "Africa's Talking",
      channel_type: 'sms',
      provider: 'africastalking',
      credentials: { username: this.username, api_key: this.apiKey },
      // A short deadline for the hang cases, with room for a loaded test machine.
      config: { sender_id: this.senderId, base_url: this.baseUrl, timeout_ms: 3_000, ...config },
    };
  }

  recipient(n: number): string {
    return `+2547110${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+2547220${String(n).padStart(5, '0')}`;
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

  /** A delivery report; a failure gives `failureReason` (UserDoesNotExist unless told). */
  receipt(
    channel: ChannelView,
    id: string,
    status: 'delivered' | 'failed' | 'read',
    failureReason = 'UserDoesNotExist',
  ): WebhookCall {
    const fields: Record<string, string> = {
      id,
      status: status === 'failed' ? 'Failed' : 'Success',
      phoneNumber: this.sent.find((s) => s.providerMessageId === id)?.to ?? this.recipient(0),
      networkCode: '63902',
      retryCount: '0',
    };
    if (status === 'failed') fields.failureReason = failureReason;
    return this.callback(channel.webhook_urls.status!, fields);
  }

  unknownReceipt(channel: ChannelView, id: string): WebhookCall {
    return this.callback(channel.webhook_urls.status!, {
      id,
      status: 'Teleported',
      phoneNumber: this.recipient(0),
      networkCode: '63902',
    });
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    return this.callback(channel.webhook_urls.inbound!, {
      date: new Date().toISOString(),
      from: message.from,
      id: message.id,
      linkId: `link-${hex(6)}`,
      text: message.text,
      to: this.shortCode,
      networkCode: '63902',
    });
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.callback(channel.webhook_urls.inbound!, { text: 'no sender', to: this.shortCode });
  }

  forge(call: WebhookCall): WebhookCall {
    // Unsigned callbacks: the channel token in the URL is the secret, so a forgery guesses another.
    return {
      ...call,
      url: call.url.replace(
        /\/v1\/webhooks\/africastalking\/[^/]+\//,
        `/v1/webhooks/africastalking/${hex(16)}/`,
      ),
    };
  }

  /** A callback as Africa's Talking posts it: form-encoded, nothing signed. */
  callback(url: string, fields: Record<string, string>): WebhookCall {
    return {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://peer');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    this.received.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, form });
    const fault = this.faults.take();
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return; // never answers; the socket closes with the server
    if (fault?.kind === 'html_page') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return;
    }
    const username = req.method === 'GET' ? url.searchParams.get('username') : form.get('username');
    if (
      fault?.kind === 'bad_credentials' ||
      req.headers.apikey !== this.apiKey ||
      username !== this.username
    ) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('The supplied authentication is invalid');
      return;
    }
    const asJson = (req.headers.accept ?? '').includes('application/json');
    if (url.pathname === '/version1/user' && req.method === 'GET') {
      return answer(res, 200, asJson, { UserData: { balance: this.balance } });
    }
    if (url.pathname !== '/version1/messaging' || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const to = form.get('to') ?? '';
    const message = form.get('message') ?? '';
    if (!to || !message) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`Request is missing required form field '${to ? 'message' : 'to'}'`);
      return;
    }
    const refusal =
      fault?.kind === 'invalid_address' || !/^\+[1-9]\d{6,14}$/.test(to)
        ? { statusCode: 403, status: 'InvalidPhoneNumber' }
        : fault?.kind === 'opted_out'
          ? { statusCode: 406, status: 'UserInBlacklist' }
          : fault?.kind === 'insufficient_balance'
            ? { statusCode: 405, status: 'InsufficientBalance' }
            : fault?.kind === 'server_error'
              ? { statusCode: 500, status: 'InternalServerError' }
              : undefined;
    if (refusal) {
      return answer(res, 201, asJson, {
        SMSMessageData: {
          Message: 'Sent to 0/1 Total Cost: 0',
          Recipients: [{ cost: '0', messageId: 'None', number: to, ...refusal }],
        },
      });
    }
    const messageId = `ATXid_${hex(16)}`;
    const send: ReceivedSend = {
      to,
      body: message,
      providerMessageId: messageId,
      at: Date.now(),
      fields: Object.fromEntries(form),
    };
    this.sent.push(send);
    await this.hook?.(send);
    answer(res, 201, asJson, africasTalkingSent(to, messageId));
  }
}

/** Africa's Talking's answer to a message it accepted for one recipient. */
export function africasTalkingSent(to: string | null, messageId: string): Record<string, unknown> {
  return {
    SMSMessageData: {
      Message: 'Sent to 1/1 Total Cost: KES 0.8000',
      Recipients: [{ statusCode: 101, number: to, status: 'Success', cost: 'KES 0.8000', messageId }],
    },
  };
}

/** JSON when asked for it; otherwise XML, the API's default format. */
function answer(res: ServerResponse, status: number, asJson: boolean, body: unknown): void {
  if (asJson) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return;
  }
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><AfricasTalkingResponse>${toXml(body)}</AfricasTalkingResponse>`,
  );
}

function toXml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<Recipient>${toXml(v)}</Recipient>`).join('');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return String(value);
}
