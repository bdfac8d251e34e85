import type { ProviderError } from '../../src/errors.js';
import type { HttpResponse } from '../http/client.js';
import { classifyFailure, type ErrorRule, type ErrorTable } from '../http/error-table.js';

/** One row: the Bot API's `error_code` and a fragment of its `description` (case-insensitive). */
export type TelegramErrorRule = ErrorRule & { errorCode: number; description: string };

/**
 * The Bot API's errors (`{ ok: false, error_code, description, parameters? }`, with the HTTP status
 * equal to `error_code`; https://core.telegram.org/bots/api#making-requests). Telegram has no
 * numeric sub-codes: the description says which 400 or 403 it is, so a row matches both. The first
 * matching row wins; anything else falls back to the HTTP status (429 throttling with
 * `parameters.retry_after`, 5xx retryable). Each row has a test in tests/providers/telegram-errors.test.ts.
 */
export const TELEGRAM_ERRORS: readonly TelegramErrorRule[] = [
  // The recipient stopped the conversation: recorded as an opt-out, like an SMS STOP.
  {
    errorCode: 403,
    description: 'bot was blocked by the user',
    kind: 'opted_out',
    message: 'the user blocked the bot',
  },
  {
    errorCode: 403,
    description: 'user is deactivated',
    kind: 'opted_out',
    message: 'the user deleted their account',
  },
  {
    errorCode: 403,
    description: "bot can't initiate conversation with a user",
    kind: 'unreachable',
    message: 'the user never started a chat with the bot',
  },
  {
    errorCode: 403,
    description: "bot can't send messages to bots",
    kind: 'invalid_address',
    message: 'the chat is another bot',
  },
  {
    errorCode: 403,
    description: 'bot was kicked from',
    kind: 'blocked',
    message: 'the bot was removed from the chat',
  },
  {
    errorCode: 403,
    description: 'bot is not a member of',
    kind: 'blocked',
    message: 'the bot is not a member of the chat',
  },
  {
    errorCode: 400,
    description: 'not enough rights to send',
    kind: 'blocked',
    message: 'the bot may not post in this chat',
  },
  // The address.
  { errorCode: 400, description: 'chat not found', kind: 'invalid_address', message: 'chat not found' },
  { errorCode: 400, description: 'user not found', kind: 'invalid_address', message: 'user not found' },
  { errorCode: 400, description: 'peer_id_invalid', kind: 'invalid_address', message: 'invalid chat id' },
  { errorCode: 400, description: 'chat_id is empty', kind: 'invalid_address', message: 'no chat id' },
  {
    errorCode: 400,
    description: 'group chat was upgraded to a supergroup chat',
    kind: 'invalid_address',
    message: 'the group became a supergroup with a new chat id',
  },
  // The content.
  {
    errorCode: 400,
    description: 'message is too long',
    kind: 'content_rejected',
    message: 'the text is over 4096 characters',
  },
  {
    errorCode: 400,
    description: 'message text is empty',
    kind: 'content_rejected',
    message: 'the text is empty',
  },
  {
    errorCode: 400,
    description: 'message caption is too long',
    kind: 'content_rejected',
    message: 'the caption (message body with media) is over 1024 characters',
  },
  {
    errorCode: 400,
    description: 'wrong file identifier/http url specified',
    kind: 'content_rejected',
    message: 'Telegram could not use the media URL',
  },
  {
    errorCode: 400,
    description: 'failed to get http url content',
    kind: 'content_rejected',
    message: 'Telegram could not download the media URL',
  },
  {
    errorCode: 400,
    description: 'wrong type of the web page content',
    kind: 'content_rejected',
    message: 'the media URL does not serve the expected file type',
  },
  // The bot token: 401 for a revoked token, 404 for one Telegram does not know at all.
  {
    errorCode: 401,
    description: 'unauthorized',
    kind: 'credentials_invalid',
    message: 'the bot token was refused (credentials)',
  },
  {
    errorCode: 404,
    description: 'not found',
    kind: 'credentials_invalid',
    message: 'the bot token is unknown (credentials)',
  },
  // Throttling: `parameters.retry_after` seconds.
  {
    errorCode: 429,
    description: 'too many requests',
    kind: 'rate_limited',
    message: 'too many requests; sending is paused',
  },
];

/** The Bot API's error envelope. */
export type TelegramErrorBody = {
  ok?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
};

/** The first row matching the error, if any. */
export function telegramErrorRule(errorCode: number, description: string): TelegramErrorRule | undefined {
  const words = description.toLowerCase();
  return TELEGRAM_ERRORS.find((rule) => rule.errorCode === errorCode && words.includes(rule.description));
}

/**
 * The ProviderError of a Bot API answer that is not a success: the table's row, else the HTTP
 * status; `parameters.retry_after` is honoured as Retry-After. A body that is not the Bot API's
 * envelope (an HTML page) is retryable except 401/429 (see classifyFailure).
 */
export function classifyTelegramFailure(
  response: HttpResponse,
  body: TelegramErrorBody | undefined,
): ProviderError {
  const errorCode = typeof body?.error_code === 'number' ? body.error_code : undefined;
  const description = typeof body?.description === 'string' ? body.description : undefined;
  const isEnvelope = body?.ok === false && (errorCode !== undefined || description !== undefined);
  const code = String(errorCode ?? response.status);
  const rule = isEnvelope ? telegramErrorRule(errorCode ?? response.status, description ?? '') : undefined;
  const table: ErrorTable = rule ? { [code]: rule } : {};
  const retryAfter = body?.parameters?.retry_after;
  const headers =
    typeof retryAfter === 'number' && retryAfter >= 0 && response.headers['retry-after'] === undefined
      ? { ...response.headers, 'retry-after': String(retryAfter) }
      : response.headers;
  return classifyFailure(
    'Telegram',
    { ...response, headers },
    isEnvelope ? { code, message: description } : undefined,
    table,
  );
}
