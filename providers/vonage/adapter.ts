import { ProviderError } from '../../src/errors.js';
import { measureSms } from '../../src/templates/index.js';
import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { classifyFailure, parseJson } from '../http/error-table.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { VONAGE_ERRORS } from './errors.js';
import type { SignatureMethod } from './signature.js';
import { errorLabel, readSmsAnswer, VONAGE_NAME } from './sms.js';
import { parseVonageInbound, parseVonageStatus, verifyVonageSignature } from './webhooks.js';

export type VonageCredentials = {
  api_key: string;
  api_secret: string;
  signature_secret?: string | undefined;
};
export type VonageConfig = {
  from?: string | undefined;
  signature_method: SignatureMethod;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
};

const VONAGE_REST = 'https://rest.nexmo.com';
// Vonage refuses a `callback` longer than this with status 23 (Invalid Callback Url), every send with it.
const MAX_CALLBACK_LENGTH = 100;

/**
 * Vonage's SMS API over the channel's keep-alive pool: `POST /sms/json`, form-encoded (`api_key`,
 * `api_secret`, `from`, `to`, `text`), with `type=unicode` when the text needs UCS-2, our message id
 * as `client-ref` (echoed in its receipts) and the channel's status webhook as the per-message
 * `callback`. A text longer than one SMS comes back as several parts, each with its own id: the first
 * is the message's provider id, and the platform holds the others (`SendResult.parts`) so the
 * message is delivered when every part is and failed when any part is. Verify reads the balance.
 */
export function createVonageProvider(
  context: ProviderContext<VonageCredentials, VonageConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const http = new HttpClient({
    providerName: VONAGE_NAME,
    baseUrl: context.baseUrl ?? VONAGE_REST,
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
  });
  // A longer status URL (a long PUBLIC_BASE_URL) is left out: receipts then go to the account's
  // delivery receipt URL set in Vonage's dashboard (README: Vonage).
  const status = context.webhookUrls.status;
  const callback = status && status.length <= MAX_CALLBACK_LENGTH ? status : undefined;

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const from = msg.from ?? config.from;
      if (!from) {
        throw providerError('sender_invalid', 'Vonage needs a sender: set config.from on the channel');
      }
      const form = new URLSearchParams({
        api_key: credentials.api_key,
        api_secret: credentials.api_secret,
        // Vonage writes numbers in E.164 without the `+`.
        from: withoutPlus(from),
        to: withoutPlus(msg.to),
        text: msg.body,
        'client-ref': msg.messageId,
      });
      if (measureSms(msg.body).encoding === 'UCS-2') form.set('type', 'unicode');
      if (callback) form.set('callback', callback);
      try {
        const response = await http.send({
          method: 'POST',
          url: '/sms/json',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form.toString(),
        });
        const { messageIds } = readSmsAnswer(response);
        return {
          providerMessageId: messageIds[0]!,
          segments: messageIds.length,
          parts: messageIds.length > 1 ? messageIds : undefined,
        };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    async verify(): Promise<VerifyResult> {
      try {
        const query = new URLSearchParams({
          api_key: credentials.api_key,
          api_secret: credentials.api_secret,
        });
        const response = await http.send({
          method: 'GET',
          url: `/account/get-balance?${query}`,
          headers: { Accept: 'application/json' },
        });
        const json = parseJson(response);
        if (response.status < 200 || response.status >= 300) {
          throw classifyFailure(VONAGE_NAME, response, errorLabel(json), VONAGE_ERRORS);
        }
        const balance = json as { value?: unknown; autoReload?: unknown } | undefined;
        if (typeof balance?.value !== 'number') {
          throw providerError(
            'provider_bad_response',
            `${VONAGE_NAME} answered with something other than a balance`,
            {
              httpStatus: response.status,
            },
          );
        }
        if (balance.value <= 0 && balance.autoReload !== true) {
          return {
            status: 'error',
            errorMessage: `${VONAGE_NAME}: the account has no credit left (${balance.value} EUR); top it up and verify the channel`,
          };
        }
        if (!config.from) {
          return { status: 'error', errorMessage: 'Vonage needs a sender: set config.from on the channel' };
        }
        return { status: 'connected', detail: `${VONAGE_NAME} balance ${balance.value} EUR` };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    verifyWebhook: (req) => verifyVonageSignature(req, credentials.signature_secret, config.signature_method),
    parseStatus: parseVonageStatus,
    parseInbound: parseVonageInbound,

    close: () => http.close(),
  };
}

function withoutPlus(address: string): string {
  return address.replace(/^\+(?=\d)/, '');
}

/** Anything that is not already a ProviderError (a bug, an unexpected body) is retryable, never a crash. */
function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return providerError('provider_bad_response', `${VONAGE_NAME}: the answer could not be read`, {
    providerMessage: (error as Error)?.message?.slice(0, 200),
  });
}
