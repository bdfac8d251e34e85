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

/**
 * MessageBird's SMS Messaging API (https://developers.messagebird.com/api/sms-messaging/) on loopback:
 * - `POST /messages`, JSON (`originator`, `body`, `recipients`, `reference`, `reportUrl`,
 *   `datacoding`), `Authorization: AccessKey <key>`; answers 201 with the Message object (`id`, 32 hex
 *   characters; `recipients.items[]` with `recipient` as a number, `status` sent, `messagePartCount`).
 * - `GET /balance`: `{ payment, type, amount }`.
 * - Errors: `{ errors: [{ code, description, parameter }] }`: 401 with code 2 for a bad access key,
 *   422 with code 9 (`recipients`) when no correct recipient is left, code 25 when the balance is
 *   short, 500 with code 99; 429 with Retry-After when throttled.
 * - Webhooks signed with `MessageBird-Signature-JWT`: an HS256 JWT under the signing key with `iss`
 *   MessageBird, `nbf`, `exp`, `jti`, `url_hash` (hex SHA-256 of the URL called) and, when there is a
 *   body, `payload_hash` (hex SHA-256 of it). Status reports are GETs to the message's `reportUrl`
 *   with `id`, `reference`, `recipient`, `status`, `statusReason`, `statusErrorCode`,
 *   `statusDatetime` in the query; incoming messages are POSTed as JSON by the number's flow.
 */
export class MessageBirdPeer implements ProviderPeer {
  readonly provider = 'messagebird' as const;
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
  readonly supports = MessageBirdPeer.supports;
  readonly accessKey = `live_${hex(12)}`;
  readonly signingKey = hex(32);
  readonly originator = 'Turumba';
  readonly number = '3197010200300';
  readonly sent: ReceivedSend[] = [];
  /** What `GET /balance` answers. */
  balance: { payment: string; type: string; amount: number } = {
    payment: 'prepaid',
    type: 'euros',
    amount: 42.5,
  };
  requests = 0;
  connections = 0;
  private readonly faults = new FaultPlan();
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private baseUrl = '';

  static async start(): Promise<MessageBirdPeer> {
    const peer = new MessageBirdPeer();
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
      name: 'MessageBird',
      channel_type: 'sms',
      provider: 'messagebird',
      credentials: { access_key: this.accessKey, signing_key: this.signingKey },
      config: { originator: this.originator, base_url: this.baseUrl, timeout_ms: 1_000, ...config },
    };
  }

  recipient(n: number): string {
    return `+2557130${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+2557350${String(n).padStart(5, '0')}`;
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

  receipt(channel: ChannelView, id: string, status: 'delivered' | 'failed' | 'read'): WebhookCall {
    if (status === 'read') throw new Error('MessageBird SMS has no read receipts');
    return this.report(channel, id, status === 'failed' ? 'delivery_failed' : 'delivered');
  }

  unknownReceipt(channel: ChannelView, id: string): WebhookCall {
    return this.report(channel, id, 'teleported');
  }

  /** A status report as MessageBird sends it: a signed GET to the message's reportUrl. */
  report(channel: ChannelView, id: string, status: string, extra: Record<string, string> = {}): WebhookCall {
    const send = this.sent.find((s) => s.providerMessageId === id);
    const reportUrl = (send?.fields.reportUrl as string | undefined) ?? channel.webhook_urls.status!;
    const query = new URLSearchParams({
      id,
      reference: (send?.fields.reference as string | undefined) ?? 'unknown',
      recipient: (send?.to ?? this.recipient(0)).replace(/^\+/, ''),
      status,
      statusReason: status === 'delivered' ? 'successfully delivered' : 'unknown subscriber',
      ...(status === 'delivery_failed' ? { statusErrorCode: '1' } : {}),
      statusDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      mccmnc: '64002',
      ported: '0',
      'price[amount]': '0.05',
      'price[currency]': 'EUR',
      ...extra,
    });
    return this.signed('GET', `${reportUrl}?${query.toString()}`, '');
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    const body = JSON.stringify({
      id: message.id,
      originator: message.from.replace(/^\+/, ''),
      recipient: this.number,
      body: message.text,
      createdDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    });
    return this.signed('POST', channel.webhook_urls.inbound!, body);
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.signed('POST', channel.webhook_urls.inbound!, JSON.stringify({ body: 'no sender' }));
  }

  forge(call: WebhookCall): WebhookCall {
    // The right claims, signed with another account's key.
    const token = signatureJwt(hex(32), call.url, call.body);
    return { ...call, headers: { ...call.headers, 'messagebird-signature-jwt': token } };
  }

  /** A webhook signed the way MessageBird signs, with this account's signing key. */
  signed(method: 'GET' | 'POST', url: string, body: string, now = Date.now()): WebhookCall {
    const headers: Record<string, string> = {
      'messagebird-signature-jwt': signatureJwt(this.signingKey, url, body, now),
    };
    if (body) headers['content-type'] = 'application/json';
    return { method, url, headers, body };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
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
    const path = new URL(req.url ?? '/', 'http://peer').pathname;
    if (fault?.kind === 'bad_credentials' || req.headers.authorization !== `AccessKey ${this.accessKey}`) {
      return errors(res, 401, 2, 'Request not allowed (incorrect access_key)', 'access_key');
    }
    if (fault?.kind === 'throttled') {
      res.setHeader('retry-after', String(fault.retryAfterSeconds));
      return json(res, 429, { errors: [{ code: 429, description: 'Too many requests', parameter: null }] });
    }
    if (fault?.kind === 'server_error') return errors(res, 500, 99, 'Internal error', null);
    if (path === '/balance' && req.method === 'GET') {
      return json(res, 200, this.balance);
    }
    if (path !== '/messages') return errors(res, 404, 98, 'API not found', null);
    if (req.method !== 'POST') return errors(res, 405, 21, 'Bad request', null);
    if (fault?.kind === 'insufficient_balance') return errors(res, 422, 25, 'Not enough balance', null);
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return errors(res, 422, 21, 'Bad request', null);
    }
    const recipients = Array.isArray(fields.recipients) ? fields.recipients.map(String) : [];
    if (typeof fields.originator !== 'string' || fields.originator === '') {
      return errors(res, 422, 9, 'originator is required', 'originator');
    }
    if (typeof fields.body !== 'string' || fields.body === '') {
      return errors(res, 422, 9, 'body is required', 'body');
    }
    if (
      fault?.kind === 'invalid_address' ||
      recipients.length !== 1 ||
      !/^[1-9]\d{6,14}$/.test(recipients[0]!)
    ) {
      return errors(res, 422, 9, 'no (correct) recipients found', 'recipients');
    }
    const id = hex(16);
    const body = fields.body;
    const send: ReceivedSend = {
      to: `+${recipients[0]}`,
      body,
      providerMessageId: id,
      at: Date.now(),
      fields,
    };
    this.sent.push(send);
    await this.hook?.(send);
    json(res, 201, messageBirdMessage(id, fields, recipients[0]!));
  }
}

/** The message object MessageBird answers a send with (`POST /messages`, 201), as its reference shows it. */
export function messageBirdMessage(
  id: string,
  fields: Record<string, unknown>,
  recipient: string,
): Record<string, unknown> {
  const body = String(fields.body ?? '');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return {
    id,
    href: `https://rest.messagebird.com/messages/${id}`,
    direction: 'mt',
    type: 'sms',
    originator: fields.originator,
    body,
    reference: fields.reference ?? null,
    validity: null,
    gateway: 10,
    typeDetails: {},
    datacoding: fields.datacoding ?? 'plain',
    mclass: 1,
    scheduledDatetime: null,
    createdDatetime: now,
    recipients: {
      totalCount: 1,
      totalSentCount: 1,
      totalDeliveredCount: 0,
      totalDeliveryFailedCount: 0,
      items: [
        {
          recipient: Number(recipient),
          status: 'sent',
          statusDatetime: now,
          messagePartCount: Math.max(1, Math.ceil(body.length / 153)),
        },
      ],
    },
  };
}

/**
 * MessageBird's webhook signature, written from its reference (not the adapter's code): an HS256
 * JWT over `{ iss, nbf, exp, jti, url_hash, payload_hash? }`.
 */
export function signatureJwt(key: string, url: string, body: string, now = Date.now()): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const seconds = Math.floor(now / 1000);
  const claims: Record<string, unknown> = {
    iss: 'MessageBird',
    nbf: seconds,
    exp: seconds + 60,
    jti: randomUUID(),
    url_hash: createHash('sha256').update(url).digest('hex'),
  };
  if (body) claims.payload_hash = createHash('sha256').update(body).digest('hex');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errors(
  res: ServerResponse,
  status: number,
  code: number,
  description: string,
  parameter: string | null,
) {
  json(res, status, { errors: [{ code, description, parameter }] });
}
