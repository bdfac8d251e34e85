import { createHmac, randomBytes } from 'node:crypto';
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
 * Twilio's REST API as its reference describes it, on loopback:
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded (`To`, `Body`, `From` or
 *   `MessagingServiceSid`, `StatusCallback`, `MediaUrl`), HTTP basic auth with the Account SID and
 *   Auth Token; answers 201 with the Message resource (`sid` SM..., `status` queued, `num_segments`).
 * - `GET /2010-04-01/Accounts/{AccountSid}.json`: the Account resource (`status` active).
 * - Errors: `{ code, message, more_info, status }` with the HTTP status (401 for 20003, 400 for
 *   21211 and 21610, 429 for 20429 with Retry-After).
 * - Webhooks: form-encoded, signed with `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL +
 *   each POST field name and value, sorted by name)); status callbacks go to the message's own
 *   `StatusCallback` (`MessageSid`, `MessageStatus`, `ErrorCode`...), incoming messages to the
 *   number's URL (`MessageSid`, `From`, `To`, `Body`, `NumMedia`...).
 */
export class TwilioPeer implements ProviderPeer {
  readonly provider = 'twilio' as const;
  static readonly supports = {
    send: true,
    receipts: true,
    read: true,
    faults: [
      'invalid_address',
      'opted_out',
      'throttled',
      'bad_credentials',
      'server_error',
      'html_page',
      'reset',
      'hang',
    ],
  } as const;
  readonly supports = TwilioPeer.supports;
  readonly accountSid = `AC${hex(16)}`;
  readonly authToken = hex(16);
  readonly from = '+15005550006';
  readonly sent: ReceivedSend[] = [];
  requests = 0;
  connections = 0;
  private readonly faults = new FaultPlan();
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly callbacks = new Map<string, string>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private baseUrl = '';

  static async start(): Promise<TwilioPeer> {
    const peer = new TwilioPeer();
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
      name: 'Twilio',
      channel_type: 'sms',
      provider: 'twilio',
      credentials: { account_sid: this.accountSid, auth_token: this.authToken },
      config: { from: this.from, base_url: this.baseUrl, timeout_ms: 1_000, ...config },
    };
  }

  recipient(n: number): string {
    return `+2557120${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+2557340${String(n).padStart(5, '0')}`;
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

  /** A status callback; `errorCode` makes a failure `failed` with that code (e.g. 21610) instead of 30003. */
  receipt(
    channel: ChannelView,
    sid: string,
    status: 'delivered' | 'failed' | 'read',
    errorCode?: string,
  ): WebhookCall {
    const url = this.callbacks.get(sid) ?? channel.webhook_urls.status!;
    const failedAs = errorCode ? 'failed' : 'undelivered';
    const fields: Record<string, string> = {
      ...this.common(sid),
      MessageStatus: status === 'failed' ? failedAs : status,
      SmsStatus: status === 'failed' ? failedAs : status,
    };
    if (status === 'failed') fields.ErrorCode = errorCode ?? '30003';
    return this.signed(url, fields);
  }

  unknownReceipt(channel: ChannelView, sid: string): WebhookCall {
    const url = this.callbacks.get(sid) ?? channel.webhook_urls.status!;
    return this.signed(url, { ...this.common(sid), MessageStatus: 'teleported', SmsStatus: 'teleported' });
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    return this.signed(channel.webhook_urls.inbound!, {
      MessageSid: message.id,
      SmsMessageSid: message.id,
      SmsSid: message.id,
      AccountSid: this.accountSid,
      From: message.from,
      To: this.from,
      Body: message.text,
      NumMedia: '0',
      NumSegments: '1',
      ApiVersion: '2010-04-01',
    });
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.signed(channel.webhook_urls.inbound!, { AccountSid: this.accountSid, Body: 'no sender' });
  }

  forge(call: WebhookCall): WebhookCall {
    // Signed with another account's token: the right shape, the wrong key.
    const fields = Object.fromEntries(new URLSearchParams(call.body));
    return { ...call, headers: { ...call.headers, 'x-twilio-signature': sign(hex(16), call.url, fields) } };
  }

  /** A webhook signed the way Twilio signs, over `url`, with this account's Auth Token. */
  signed(url: string, fields: Record<string, string>): WebhookCall {
    return {
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(this.authToken, url, fields),
      },
      body: new URLSearchParams(fields).toString(),
    };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private common(sid: string): Record<string, string> {
    const send = this.sent.find((s) => s.providerMessageId === sid);
    return {
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: this.accountSid,
      From: this.from,
      To: send?.to ?? this.recipient(0),
      ApiVersion: '2010-04-01',
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
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
    const account = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})(\.json|\/Messages\.json)$/.exec(path);
    if (!account) return error(res, 404, 20404, 'The requested resource was not found');
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    if (
      fault?.kind === 'bad_credentials' ||
      auth !== `${this.accountSid}:${this.authToken}` ||
      account[1] !== this.accountSid
    ) {
      return error(res, 401, 20003, 'Authenticate');
    }
    if (fault?.kind === 'throttled') {
      res.setHeader('retry-after', String(fault.retryAfterSeconds));
      return error(res, 429, 20429, 'Too Many Requests');
    }
    if (fault?.kind === 'server_error') {
      if (fault.retryAfterSeconds !== undefined)
        res.setHeader('retry-after', String(fault.retryAfterSeconds));
      return error(res, 500, 20500, 'Internal Server Error');
    }
    if (account[2] === '.json' && req.method === 'GET') {
      return json(res, 200, {
        sid: this.accountSid,
        friendly_name: 'Peer Account',
        status: 'active',
        type: 'Full',
        date_created: new Date().toUTCString(),
      });
    }
    if (req.method !== 'POST') return error(res, 405, 20004, 'Method not allowed');
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    if (fault?.kind === 'invalid_address' || !/^\+[1-9]\d{6,14}$/.test(to)) {
      return error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (fault?.kind === 'opted_out')
      return error(res, 400, 21610, 'Attempt to send to unsubscribed recipient');
    if (!form.get('From') && !form.get('MessagingServiceSid')) {
      return error(
        res,
        400,
        21603,
        "A 'From' or 'MessagingServiceSid' parameter is required to send a message",
      );
    }
    const sid = `SM${hex(16)}`;
    const send: ReceivedSend = {
      to,
      body,
      mediaUrl: form.get('MediaUrl') ?? undefined,
      providerMessageId: sid,
      at: Date.now(),
      fields: Object.fromEntries(form),
    };
    this.sent.push(send);
    const callback = form.get('StatusCallback');
    if (callback) this.callbacks.set(sid, callback);
    await this.hook?.(send);
    json(res, 201, twilioMessage(this.accountSid, sid, form));
  }
}

/** The Message resource Twilio answers a send with (`POST .../Messages.json`, 201). */
export function twilioMessage(
  accountSid: string,
  sid: string,
  form: URLSearchParams,
): Record<string, unknown> {
  const body = form.get('Body') ?? '';
  return {
    sid,
    account_sid: accountSid,
    to: form.get('To'),
    from: form.get('From'),
    messaging_service_sid: form.get('MessagingServiceSid'),
    body,
    status: form.get('MessagingServiceSid') ? 'accepted' : 'queued',
    num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
    num_media: form.get('MediaUrl') ? '1' : '0',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    error_code: null,
    error_message: null,
    date_created: new Date().toUTCString(),
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
  };
}

/** Twilio's request signature: HMAC-SHA1 over the URL and the sorted POST fields, base64. */
export function sign(authToken: string, url: string, fields: Record<string, string>): string {
  const data = Object.keys(fields)
    .sort()
    .reduce((acc, key) => acc + key + fields[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: number, message: string): void {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}
