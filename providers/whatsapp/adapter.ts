import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { GraphClient } from '../meta/graph.js';
import { metaChallenge, verifyHubSignature } from '../meta/webhooks.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { WHATSAPP_ERRORS } from './errors.js';
import { whatsappMessage } from './payload.js';
import { parseWhatsAppInbound, parseWhatsAppStatus } from './webhooks.js';

export type WhatsAppCredentials = {
  access_token: string;
  phone_number_id: string;
  business_account_id?: string | undefined;
  app_secret?: string | undefined;
  verify_token?: string | undefined;
};
export type WhatsAppConfig = {
  api_version: string;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
};

/**
 * WhatsApp Business Cloud API on the Graph API: messages go out from the channel's phone number id
 * (`POST /{version}/{phone-number-id}/messages`, text, media by link, or an approved template),
 * verify reads that phone number, webhooks are signed with the app secret (X-Hub-Signature-256) and
 * subscribed with the verify token (hub.challenge).
 */
export function createWhatsAppProvider(
  context: ProviderContext<WhatsAppCredentials, WhatsAppConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const graph = new GraphClient({
    providerName: 'WhatsApp',
    baseUrl: context.baseUrl,
    apiVersion: config.api_version,
    accessToken: credentials.access_token,
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
    errors: WHATSAPP_ERRORS,
  });
  const webhookOptions = { phoneNumberId: credentials.phone_number_id, apiVersion: config.api_version };

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      // The send path never hands over a free-form message outside the window; this only guards it.
      if (!msg.template && msg.sessionOpen === false) {
        throw providerError(
          'outside_session_window',
          'WhatsApp: the recipient has not written in the last 24 hours; only a template can be sent',
        );
      }
      const answer = await graph.call(
        'POST',
        `${credentials.phone_number_id}/messages`,
        whatsappMessage(msg),
      );
      // { messaging_product, contacts: [{ input, wa_id }], messages: [{ id }] }
      const id = (answer.messages as { id?: unknown }[] | undefined)?.[0]?.id;
      if (typeof id !== 'string' || id.length === 0) {
        throw providerError(
          'provider_bad_response',
          'WhatsApp accepted the request but returned no message id',
        );
      }
      return { providerMessageId: id };
    },

    async verify(): Promise<VerifyResult> {
      // GET /{phone-number-id}: the number this token sends from.
      const phone = await graph.call(
        'GET',
        `${credentials.phone_number_id}?fields=display_phone_number,verified_name,quality_rating`,
      );
      const number = typeof phone.display_phone_number === 'string' ? phone.display_phone_number : '';
      const name = typeof phone.verified_name === 'string' ? ` (${phone.verified_name})` : '';
      return { status: 'connected', detail: `WhatsApp number ${number}${name}`.trim() };
    },

    verifyWebhook: (req) => verifyHubSignature(req, credentials.app_secret),
    webhookChallenge: (req) => metaChallenge(req, credentials.verify_token),
    parseStatus: (req) => parseWhatsAppStatus(req, webhookOptions),
    parseInbound: (req) => parseWhatsAppInbound(req, webhookOptions),

    close: () => graph.close(),
  };
}
