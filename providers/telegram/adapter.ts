import { randomBytes } from 'node:crypto';
import { Api, type Message } from 'node-telegram-bot-api';
import { ProviderError } from '../../src/errors.js';
import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { createTelegramFetch } from './fetch-bridge.js';
import { parseTelegramInbound, parseTelegramOptOuts, verifyTelegramSecret } from './webhooks.js';

export type TelegramCredentials = { bot_token: string; webhook_secret?: string | undefined };
export type TelegramConfig = { base_url?: string | undefined; timeout_ms?: number | undefined };

const TELEGRAM_API = 'https://api.telegram.org';
// The updates the platform reads: messages, and the bot's own membership (a user blocking it).
const ALLOWED_UPDATES = ['message', 'my_chat_member'];
// Photos Telegram shows inline (sendPhoto); any other file goes as a document.
const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp)$/i;

/**
 * Telegram through node-telegram-bot-api's `Api` client (only the client: no `Bot`, no polling),
 * with `apiRoot` at `config.base_url` when allowed and its `fetch` routed through the channel's
 * keep-alive pool. The library's own retries are off: the platform retries with the channel's
 * policy and pauses the channel on `retry_after`. Messages go to the contact's chat id: text with
 * sendMessage, `media_url` with sendPhoto (images) or sendDocument (anything else), the body as
 * caption. The provider message id is `<chat id>:<message id>` (message ids are per chat).
 * Telegram has no delivery receipts: a sent message stays `sent`.
 */
export function createTelegramProvider(
  context: ProviderContext<TelegramCredentials, TelegramConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const http = new HttpClient({
    providerName: 'Telegram',
    baseUrl: context.baseUrl ?? TELEGRAM_API,
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
  });
  const api = new Api(credentials.bot_token, {
    apiRoot: context.baseUrl ?? TELEGRAM_API,
    fetch: createTelegramFetch(http),
    // Our pool holds the deadline; the platform owns retries and throttling.
    timeoutMs: 0,
    maxRetries: 0,
  });

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const chat_id = msg.to;
      try {
        let sent: Message;
        if (msg.mediaUrl) {
          const caption = msg.body.trim() === '' ? undefined : msg.body;
          sent = isPhoto(msg.mediaUrl)
            ? await api.sendPhoto({ chat_id, photo: msg.mediaUrl, caption })
            : await api.sendDocument({ chat_id, document: msg.mediaUrl, caption });
        } else {
          sent = await api.sendMessage({ chat_id, text: msg.body });
        }
        return { providerMessageId: `${sent.chat.id}:${sent.message_id}` };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    async verify(): Promise<VerifyResult> {
      const url = context.webhookUrls.inbound;
      try {
        const me = await api.getMe();
        if (!url) return { status: 'error', errorMessage: 'Telegram: the channel has no webhook URL' };
        // The secret Telegram sends back with every update: kept across verifies (a new one is made
        // when there is none, e.g. after the token was entered again), so updates in flight keep passing.
        const secret = credentials.webhook_secret ?? randomBytes(32).toString('base64url');
        await api
          .setWebhook({ url, secret_token: secret, allowed_updates: ALLOWED_UPDATES })
          .catch((error) => {
            throw webhookRefused(asProviderError(error));
          });
        return {
          status: 'connected',
          detail: `Telegram bot @${me.username ?? me.id}`,
          generatedCredentials:
            secret === credentials.webhook_secret ? undefined : { webhook_secret: secret },
        };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    verifyWebhook: (req) => verifyTelegramSecret(req, credentials.webhook_secret),
    parseInbound: parseTelegramInbound,
    parseOptOuts: parseTelegramOptOuts,

    close: () => http.close(),
  };
}

/** A refused setWebhook, in Telegram's own words (an http URL, an unreachable host...). */
function webhookRefused(error: ProviderError): ProviderError {
  const words = error.details.providerMessage;
  if (!words || error.retryable || error.code === 'credentials_invalid') return error;
  return new ProviderError(
    `Telegram refused the webhook URL (${words}); PUBLIC_BASE_URL must be a public https address`,
    error.retryable,
    error.code,
    error.retryAfterMs,
    error.details,
  );
}

function isPhoto(mediaUrl: string): boolean {
  try {
    return PHOTO_EXTENSIONS.test(new URL(mediaUrl).pathname);
  } catch {
    return false;
  }
}

/**
 * Our own ProviderError, thrown by the fetch bridge, comes back as the client's NetworkError `cause`;
 * anything else the client throws (a bug, an envelope it could not read) is retryable, never a crash.
 */
function asProviderError(error: unknown): ProviderError {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof ProviderError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return providerError('provider_bad_response', 'Telegram: the answer could not be read', {
    providerMessage: (error as Error)?.message?.slice(0, 200),
  });
}
