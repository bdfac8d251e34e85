import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { GraphClient } from '../meta/graph.js';
import { mediaKindOf } from '../meta/media.js';
import { metaChallenge, verifyHubSignature } from '../meta/webhooks.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { MESSENGER_ERRORS } from './errors.js';
import { parseMessengerInbound, parseMessengerStatus } from './webhooks.js';

export type MessengerCredentials = {
  page_access_token: string;
  app_secret: string;
  verify_token?: string | undefined;
  page_id?: string | undefined;
};
export type MessengerConfig = {
  api_version: string;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
  message_tag?: MessageTag | undefined;
};

/** The message tags that allow a message outside the standard messaging window. */
export const MESSAGE_TAGS = [
  'ACCOUNT_UPDATE',
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'HUMAN_AGENT',
] as const;
export type MessageTag = (typeof MESSAGE_TAGS)[number];

/**
 * Messenger through the Send API (`POST /{version}/{page-id}/messages`, or `/me/messages`, which the
 * page access token resolves to its page): text, attachments by URL, the recipient by PSID. Inside
 * the standard messaging window a message goes as `RESPONSE`; outside it only with the channel's
 * message tag (`MESSAGE_TAG`), which the send path checks before the call.
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api
 */
export function createMessengerProvider(
  context: ProviderContext<MessengerCredentials, MessengerConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const graph = new GraphClient({
    providerName: 'Messenger',
    baseUrl: context.baseUrl,
    apiVersion: config.api_version,
    accessToken: credentials.page_access_token,
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
    errors: MESSENGER_ERRORS,
  });
  const page = credentials.page_id ?? 'me';

  const sendOne = async (to: string, type: Record<string, string>, message: Record<string, unknown>) => {
    const answer = await graph.call('POST', `${page}/messages`, { recipient: { id: to }, ...type, message });
    // { recipient_id, message_id }
    const id = answer.message_id;
    if (typeof id !== 'string' || id.length === 0) {
      throw providerError(
        'provider_bad_response',
        'Messenger accepted the request but returned no message id',
      );
    }
    return id;
  };

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const type = messagingType(msg, config);
      const body = msg.body.trim() ? msg.body : '';
      let id: string | undefined;
      // A Messenger message is text or one attachment, never both: a body with media goes as the
      // attachment, then the text. The text's id is recorded (its receipts are the message's). The
      // attachment goes first because it is the call more likely to be refused (its URL is fetched);
      // should the text fail after it, the retry sends the attachment again.
      if (msg.mediaUrl) {
        const kind = mediaKindOf(msg.mediaUrl);
        id = await sendOne(msg.to, type, {
          attachment: {
            type: kind === 'document' ? 'file' : kind,
            payload: { url: msg.mediaUrl, is_reusable: false },
          },
        });
      }
      if (body || !id) id = await sendOne(msg.to, type, { text: msg.body });
      return { providerMessageId: id };
    },

    async verify(): Promise<VerifyResult> {
      // The page the token speaks for (a page access token's `me` is its page).
      const found = await graph.call('GET', 'me?fields=id,name');
      if (credentials.page_id && String(found.id) !== credentials.page_id) {
        return {
          status: 'error',
          errorMessage: `Messenger: the page access token belongs to page ${String(found.id)}, not page_id ${credentials.page_id}`,
        };
      }
      const name = typeof found.name === 'string' ? found.name : String(found.id ?? '');
      return { status: 'connected', detail: `Messenger page ${name}`.trim() };
    },

    verifyWebhook: (req) => verifyHubSignature(req, credentials.app_secret),
    webhookChallenge: (req) => metaChallenge(req, credentials.verify_token),
    parseStatus: (req) => parseMessengerStatus(req, credentials.page_id),
    parseInbound: (req) => parseMessengerInbound(req, credentials.page_id),

    close: () => graph.close(),
  };
}

/**
 * `RESPONSE` inside the standard messaging window (24 hours since the person last wrote);
 * `MESSAGE_TAG` with the channel's tag outside it. Without a tag the send path never hands over
 * such a message; this only guards it.
 * https://developers.facebook.com/docs/messenger-platform/send-messages#messaging_types
 */
function messagingType(msg: OutboundMessage, config: MessengerConfig): Record<string, string> {
  if (msg.sessionOpen !== false) return { messaging_type: 'RESPONSE' };
  if (!config.message_tag) {
    throw providerError(
      'outside_session_window',
      'Messenger: the person has not written in the last 24 hours and the channel has no message_tag',
    );
  }
  return { messaging_type: 'MESSAGE_TAG', tag: config.message_tag };
}
