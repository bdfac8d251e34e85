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

type Bot = {
  id: number;
  username: string;
  webhook?: { url: string; secret?: string; allowedUpdates?: string };
};

/**
 * The Telegram Bot API (https://core.telegram.org/bots/api) on loopback, for any number of bots:
 * - `POST /bot<token>/<method>`, parameters form-encoded or JSON; every answer is the envelope
 *   `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }` with the HTTP
 *   status equal to `error_code` (401 Unauthorized for an unknown token).
 * - `getMe` → User; `setWebhook` (`url` https, `secret_token` 1-256 of `A-Za-z0-9_-`,
 *   `allowed_updates` JSON) → true; `sendMessage` (`chat_id`, `text`), `sendPhoto` (`photo`),
 *   `sendDocument` (`document`), with `caption` → Message (`message_id` counted per chat, `chat`).
 * - Faults in Telegram's words: 400 "Bad Request: chat not found", 403 "Forbidden: bot was blocked by
 *   the user", 429 "Too Many Requests: retry after N" with `parameters.retry_after`, 500.
 * - Webhooks: the Update as JSON, POSTed to the URL registered with setWebhook, with the registered
 *   secret in `X-Telegram-Bot-Api-Secret-Token`. There are no delivery receipts.
 */
export class TelegramPeer implements ProviderPeer {
  readonly provider = 'telegram' as const;
  static readonly supports = {
    send: true,
    receipts: false,
    read: false,
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
    verifyRegistersWebhook: true,
  } as const;
  readonly supports = TelegramPeer.supports;
  readonly addressField = 'telegram_chat_id' as const;
  readonly sent: ReceivedSend[] = [];
  requests = 0;
  connections = 0;
  /** Bots by token. */
  readonly bots = new Map<string, Bot>();
  /** Every call by method name, with its parameters (for provider-specific assertions). */
  readonly calls: { method: string; token: string; params: Record<string, string> }[] = [];
  /** When set, setWebhook fails with this description (400), as Telegram refuses an unreachable URL. */
  webhookRefusal: string | undefined;
  private readonly faults = new FaultPlan();
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly messageIds = new Map<string, number>();
  private readonly inboundIds = new Map<string, number>();
  private nextUpdateId = 100_000;
  private baseUrl = '';

  static async start(): Promise<TelegramPeer> {
    const peer = new TelegramPeer();
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    peer.baseUrl = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
    peer.server.on('connection', (socket) => {
      peer.connections += 1;
      peer.sockets.add(socket);
      socket.on('close', () => peer.sockets.delete(socket));
    });
    return peer;
  }

  /** A new bot (its own token) per channel: Telegram keeps one webhook per bot. */
  newBot(): string {
    const id = 100_000_000 + this.bots.size + 1;
    const token = `${id}:AA${randomBytes(24).toString('base64url').slice(0, 33)}`;
    this.bots.set(token, { id, username: `peer_${id}_bot` });
    return token;
  }

  channelBody(config: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'Telegram',
      channel_type: 'telegram',
      provider: 'telegram',
      credentials: { bot_token: this.newBot() },
      config: { base_url: this.baseUrl, timeout_ms: 1_000, ...config },
    };
  }

  recipient(n: number): string {
    return String(5_100_000_000 + n);
  }

  sender(n: number): string {
    return String(5_200_000_000 + n);
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

  receipt(): WebhookCall {
    throw new Error('Telegram has no delivery receipts');
  }

  unknownReceipt(): WebhookCall {
    throw new Error('Telegram has no delivery receipts');
  }

  /** The bot whose webhook is the channel's inbound URL. */
  botOf(channel: ChannelView): Bot {
    const bot = [...this.bots.values()].find((b) => b.webhook?.url === channel.webhook_urls.inbound);
    if (!bot) throw new Error('No bot has this channel as its webhook: verify the channel first');
    return bot;
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    let messageId = this.inboundIds.get(message.id);
    if (messageId === undefined) {
      messageId = this.inboundIds.size + 1;
      this.inboundIds.set(message.id, messageId);
    }
    const user = {
      id: Number(message.from),
      is_bot: false,
      first_name: 'Peer',
      last_name: 'User',
      language_code: 'en',
    };
    const call = this.update(channel, {
      message: {
        message_id: messageId,
        from: user,
        chat: { id: Number(message.from), first_name: 'Peer', last_name: 'User', type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: message.text,
      },
    });
    return { ...call, providerMessageId: `${message.from}:${messageId}` };
  }

  /** The update Telegram sends when a user blocks the bot (or unblocks it: status `member`). */
  blockedBy(channel: ChannelView, chatId: string, status: 'kicked' | 'member' = 'kicked'): WebhookCall {
    const bot = this.botOf(channel);
    const user = { id: Number(chatId), is_bot: false, first_name: 'Peer' };
    const me = { id: bot.id, is_bot: true, first_name: 'Peer Bot', username: bot.username };
    const date = Math.floor(Date.now() / 1000);
    return this.update(channel, {
      my_chat_member: {
        chat: { id: Number(chatId), first_name: 'Peer', type: 'private' },
        from: user,
        date,
        old_chat_member: { user: me, status: status === 'kicked' ? 'member' : 'kicked' },
        new_chat_member: status === 'kicked' ? { user: me, status, until_date: 0 } : { user: me, status },
      },
    });
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.update(channel, { message: { message_id: 1, date: 0, text: 'no chat' } });
  }

  forge(call: WebhookCall): WebhookCall {
    return {
      ...call,
      headers: { ...call.headers, 'x-telegram-bot-api-secret-token': randomBytes(32).toString('base64url') },
    };
  }

  /** An Update POSTed the way Telegram posts it, with the secret the channel registered. */
  update(channel: ChannelView, fields: Record<string, unknown>): WebhookCall {
    const bot = this.botOf(channel);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (bot.webhook?.secret) headers['x-telegram-bot-api-secret-token'] = bot.webhook.secret;
    return {
      method: 'POST',
      url: bot.webhook!.url,
      headers,
      body: JSON.stringify({ update_id: this.nextUpdateId++, ...fields }),
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
    const text = Buffer.concat(chunks).toString('utf8');
    const fault = this.faults.take();
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return; // never answers; the socket closes with the server
    if (fault?.kind === 'html_page') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>');
      return;
    }
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://peer').pathname);
    if (!route) return fail(res, 404, 'Not Found');
    const [, token, method] = route as unknown as [string, string, string];
    const bot = this.bots.get(token);
    if (fault?.kind === 'bad_credentials' || !bot) return fail(res, 401, 'Unauthorized');
    if (fault?.kind === 'throttled') {
      return fail(res, 429, `Too Many Requests: retry after ${fault.retryAfterSeconds}`, {
        retry_after: fault.retryAfterSeconds,
      });
    }
    if (fault?.kind === 'server_error') return fail(res, 500, 'Internal Server Error');
    const params = paramsOf(req.headers['content-type'] ?? '', text);
    if (!params) return fail(res, 400, "Bad Request: can't parse request body");
    this.calls.push({ method, token, params });
    const me = { id: bot.id, is_bot: true, first_name: 'Peer Bot', username: bot.username };
    switch (method) {
      case 'getMe':
        return ok(res, {
          ...me,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'setWebhook': {
        if (this.webhookRefusal) return fail(res, 400, this.webhookRefusal);
        if (!params.url?.startsWith('https://'))
          return fail(res, 400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        if (params.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(params.secret_token)) {
          return fail(res, 400, 'Bad Request: secret token contains unallowed characters');
        }
        bot.webhook = {
          url: params.url,
          secret: params.secret_token,
          allowedUpdates: params.allowed_updates,
        };
        return ok(res, true, 'Webhook was set');
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return this.sendMessage(res, method, me, params, fault);
      default:
        return fail(res, 404, 'Not Found');
    }
  }

  private async sendMessage(
    res: ServerResponse,
    method: string,
    me: Record<string, unknown>,
    params: Record<string, string>,
    fault: Fault | undefined,
  ): Promise<void> {
    const chatId = params.chat_id ?? '';
    if (!chatId) return fail(res, 400, 'Bad Request: chat_id is empty');
    if (fault?.kind === 'invalid_address' || !/^-?\d{1,20}$/.test(chatId)) {
      return fail(res, 400, 'Bad Request: chat not found');
    }
    if (fault?.kind === 'opted_out') return fail(res, 403, 'Forbidden: bot was blocked by the user');
    const media =
      method === 'sendPhoto' ? params.photo : method === 'sendDocument' ? params.document : undefined;
    const body = method === 'sendMessage' ? params.text : params.caption;
    if (method === 'sendMessage' && !body) return fail(res, 400, 'Bad Request: message text is empty');
    if (method === 'sendMessage' && (body?.length ?? 0) > 4096)
      return fail(res, 400, 'Bad Request: message is too long');
    if (media !== undefined && !/^https?:\/\//.test(media)) {
      return fail(res, 400, 'Bad Request: wrong file identifier/HTTP URL specified');
    }
    const messageId = (this.messageIds.get(chatId) ?? 0) + 1;
    this.messageIds.set(chatId, messageId);
    const send: ReceivedSend = {
      to: chatId,
      body: body ?? '',
      mediaUrl: media,
      providerMessageId: `${chatId}:${messageId}`,
      at: Date.now(),
      fields: { method, ...params },
    };
    this.sent.push(send);
    await this.hook?.(send);
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: me,
      chat: { id: Number(chatId), first_name: 'Peer', type: 'private' },
      date: Math.floor(Date.now() / 1000),
    };
    if (method === 'sendMessage') message.text = body;
    else if (method === 'sendPhoto')
      message.photo = [
        { file_id: `AgAC${messageId}`, file_unique_id: `AQAD${messageId}`, width: 90, height: 90 },
      ];
    else
      message.document = {
        file_id: `BQAC${messageId}`,
        file_unique_id: `AgAD${messageId}`,
        file_name: 'file',
      };
    if (method !== 'sendMessage' && body) message.caption = body;
    ok(res, message);
  }
}

function paramsOf(contentType: string, text: string): Record<string, string> | undefined {
  if (contentType.startsWith('application/json')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function ok(res: ServerResponse, result: unknown, description?: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, result, ...(description ? { description } : {}) }));
}

function fail(
  res: ServerResponse,
  status: number,
  description: string,
  parameters?: Record<string, unknown>,
): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) }),
  );
}
