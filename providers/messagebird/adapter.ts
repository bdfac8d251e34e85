import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { HttpClient, type HttpResponse } from '../http/client.js';
import { parseJson } from '../http/error-table.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { classifyMessageBirdFailure } from './errors.js';
import { verifyMessageBirdSignature } from './signature.js';
import { parseMessageBirdInbound, parseMessageBirdStatus } from './webhooks.js';

export type MessageBirdCredentials = { access_key: string; signing_key?: string | undefined };
export type MessageBirdConfig = {
  originator?: string | undefined;
  datacoding?: 'plain' | 'unicode' | 'auto' | undefined;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
};

const MESSAGEBIRD_API = 'https://rest.messagebird.com';

/** The part of a Message object (`POST /messages` answer) this adapter reads. */
type MessageObject = {
  id?: unknown;
  recipients?: { items?: { messagePartCount?: unknown }[] };
};

/**
 * MessageBird's SMS Messaging API over the channel's keep-alive pool: `POST /messages` (JSON,
 * `Authorization: AccessKey ...`) with the channel's `originator`, the recipient as an MSISDN, our
 * message id as `reference` (MessageBird only sends status reports for messages that have one) and
 * the channel's status webhook as `reportUrl`. `verify()` reads the balance (`GET /balance`).
 */
export function createMessageBirdProvider(
  context: ProviderContext<MessageBirdCredentials, MessageBirdConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const http = new HttpClient({
    providerName: 'MessageBird',
    baseUrl: context.baseUrl ?? MESSAGEBIRD_API,
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
  });
  const headers = {
    Authorization: `AccessKey ${credentials.access_key}`,
    Accept: 'application/json',
  };
  const reportUrl = context.webhookUrls.status;

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const originator = msg.from ?? config.originator;
      if (!originator) {
        throw providerError(
          'sender_invalid',
          'MessageBird needs a sender: set config.originator on the channel',
        );
      }
      const response = await http.send({
        method: 'POST',
        url: '/messages',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          originator,
          body: msg.body,
          // MSISDNs, as MessageBird writes them: the international number without `+`.
          recipients: [msg.to.replace(/^\+/, '')],
          reference: msg.messageId,
          ...(reportUrl ? { reportUrl } : {}),
          datacoding: config.datacoding ?? 'auto',
        }),
      });
      const message = answerOf(response) as MessageObject;
      if (typeof message.id !== 'string' || message.id === '') {
        throw providerError('provider_bad_response', 'MessageBird answered without a message id', {
          httpStatus: response.status,
        });
      }
      const parts = Number(message.recipients?.items?.[0]?.messagePartCount);
      return {
        providerMessageId: message.id,
        segments: Number.isInteger(parts) && parts > 0 ? parts : undefined,
      };
    },

    async verify(): Promise<VerifyResult> {
      const response = await http.send({ method: 'GET', url: '/balance', headers });
      const balance = answerOf(response) as { payment?: unknown; type?: unknown; amount?: unknown };
      if (balance.payment === 'prepaid' && typeof balance.amount === 'number' && balance.amount <= 0) {
        return {
          status: 'error',
          errorMessage: 'MessageBird: the prepaid balance is empty; top it up and verify the channel',
        };
      }
      if (!config.originator) {
        return {
          status: 'error',
          errorMessage: 'MessageBird needs a sender: set config.originator',
        };
      }
      const amount =
        typeof balance.amount === 'number' ? ` ${balance.amount} ${String(balance.type ?? '')}` : '';
      return { status: 'connected', detail: `MessageBird balance${amount}`.trim() };
    },

    verifyWebhook: (req) => verifyMessageBirdSignature(req, credentials.signing_key),
    parseStatus: parseMessageBirdStatus,
    parseInbound: parseMessageBirdInbound,

    close: () => http.close(),
  };
}

/** The JSON object of a 2xx answer; anything else is a typed ProviderError (MessageBird's error table). */
function answerOf(response: HttpResponse): object {
  if (response.status < 200 || response.status >= 300) throw classifyMessageBirdFailure(response);
  const json = parseJson(response);
  if (json === null || typeof json !== 'object') {
    // A 2xx that is not MessageBird's JSON (a proxy page): nothing says the message was accepted.
    throw providerError(
      'provider_bad_response',
      'MessageBird answered with something other than its JSON API',
      { httpStatus: response.status },
    );
  }
  return json;
}
