import type { InboundMessage, OptOutEvent, RawWebhook } from '../types.js';
import { jsonBody, malformedWebhook, secretsEqual } from '../webhooks.js';

/** The header Telegram sends the webhook's `secret_token` in (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** True when the update carries the secret verify() registered; no secret registered yet: refused. */
export function verifyTelegramSecret(req: RawWebhook, secret: string | undefined): boolean {
  return secretsEqual(req.headers[SECRET_HEADER], secret);
}

type Chat = { id?: unknown; type?: unknown };
type User = { id?: unknown; first_name?: unknown; last_name?: unknown; username?: unknown };
type Update = {
  update_id?: unknown;
  message?: {
    message_id?: unknown;
    from?: User;
    chat?: Chat;
    date?: unknown;
    text?: unknown;
    caption?: unknown;
    [field: string]: unknown;
  };
  my_chat_member?: { chat?: Chat; from?: User; date?: unknown; new_chat_member?: { status?: unknown } };
};

/**
 * A `message` update (https://core.telegram.org/bots/api#update): its chat id is the sender's address
 * (the contact's telegram_chat_id; in a private chat it is the user's id), `text` (or a media
 * `caption`) the body. Its id is `<chat id>:<message id>`, message ids being per chat. `/stop` is
 * text like any other. Other update types carry no message: nothing is stored for them.
 */
export function parseTelegramInbound(req: RawWebhook): InboundMessage[] {
  const update = updateOf(req);
  const message = update.message;
  if (message === undefined) return [];
  const chatId = idOf(message.chat?.id);
  const messageId = idOf(message.message_id);
  if (!chatId || !messageId) throw malformedWebhook('message.chat.id and message.message_id are required');
  // A service message (members joined, a pin, the group became a supergroup): nobody wrote it.
  if (!CONTENT_FIELDS.some((field) => message[field] !== undefined)) return [];
  const text = typeof message.text === 'string' ? message.text : message.caption;
  return [
    {
      providerMessageId: `${chatId}:${messageId}`,
      from: chatId,
      fromName: nameOf(message.from),
      body: typeof text === 'string' ? text : '',
      receivedAt: dateOf(message.date),
    },
  ];
}

// What a message someone sent carries (https://core.telegram.org/bots/api#message); a message with
// none of these is a service message.
const CONTENT_FIELDS = [
  'text',
  'caption',
  'photo',
  'document',
  'video',
  'audio',
  'voice',
  'video_note',
  'animation',
  'sticker',
  'contact',
  'location',
  'venue',
  'poll',
  'dice',
  'story',
] as const;

/**
 * A `my_chat_member` update whose new status is `kicked`: the user blocked the bot (in a group, the
 * bot was removed). The chat is recorded as opted out; the update id makes a replay a no-op.
 */
export function parseTelegramOptOuts(req: RawWebhook): OptOutEvent[] {
  const update = updateOf(req);
  const member = update.my_chat_member;
  if (member === undefined || member.new_chat_member?.status !== 'kicked') return [];
  const chatId = idOf(member.chat?.id);
  if (!chatId) throw malformedWebhook('my_chat_member.chat.id is required');
  return [
    {
      eventId: `update:${String(update.update_id)}`,
      address: chatId,
      reason:
        member.chat?.type === 'private' ? 'the user blocked the bot' : 'the bot was removed from the chat',
      occurredAt: dateOf(member.date),
    },
  ];
}

function updateOf(req: RawWebhook): Update {
  const body = jsonBody(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw malformedWebhook('the body is not a Telegram Update');
  }
  const update = body as Update;
  if (typeof update.update_id !== 'number') throw malformedWebhook('update_id is required');
  return update;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return value;
  return undefined;
}

function nameOf(user: User | undefined): string | undefined {
  if (!user) return undefined;
  const name = [user.first_name, user.last_name].filter((p): p is string => typeof p === 'string').join(' ');
  return name || (typeof user.username === 'string' ? user.username : undefined);
}

function dateOf(value: unknown): Date {
  return typeof value === 'number' && value > 0 ? new Date(value * 1000) : new Date();
}
