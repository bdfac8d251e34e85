import { ProviderError } from '../../src/errors.js';
import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { classifyFailure, parseJson } from '../http/error-table.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { AT_ERRORS } from './errors.js';
import { AT_NAME, readSendAnswer } from './messaging.js';
import { parseAfricasTalkingInbound, parseAfricasTalkingStatus } from './webhooks.js';

export type AfricasTalkingCredentials = { username: string; api_key: string };
export type AfricasTalkingConfig = {
  sender_id?: string | undefined;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
};

// The app username `sandbox` is Africa's Talking's sandbox, which has its own host (their SDKs
// choose the host the same way).
const LIVE_API = 'https://api.africastalking.com';
const SANDBOX_API = 'https://api.sandbox.africastalking.com';

/** The API host of an app: `config.base_url` when allowed, else the sandbox or the live host by username. */
export function africasTalkingHost(username: string, baseUrl: string | undefined): string {
  return baseUrl ?? (username === 'sandbox' ? SANDBOX_API : LIVE_API);
}

/**
 * Africa's Talking's SMS API over the channel's keep-alive pool: `POST /version1/messaging`,
 * form-encoded (`username`, `to`, `message`, `from`), authenticated by the `apiKey` header, JSON
 * answers (`Accept: application/json`; the API's default is XML). The sender is the message's own,
 * else `config.sender_id` (a registered alphanumeric sender id or short code); without one Africa's
 * Talking uses the account's default sender. Verify reads the app's data (`GET /version1/user`).
 */
export function createAfricasTalkingProvider(
  context: ProviderContext<AfricasTalkingCredentials, AfricasTalkingConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const http = new HttpClient({
    providerName: AT_NAME,
    baseUrl: africasTalkingHost(credentials.username, context.baseUrl),
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
  });
  const headers = { apiKey: credentials.api_key, Accept: 'application/json' };

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const form = new URLSearchParams({
        username: credentials.username,
        to: msg.to,
        message: msg.body,
        // 1: the sender's account pays, which bulk messages require (the default; stated, as their SDK does).
        bulkSMSMode: '1',
      });
      const from = msg.from ?? config.sender_id;
      if (from) form.set('from', from);
      try {
        const response = await http.send({
          method: 'POST',
          url: '/version1/messaging',
          headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
        return { providerMessageId: readSendAnswer(response).messageId };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    async verify(): Promise<VerifyResult> {
      try {
        const query = new URLSearchParams({ username: credentials.username });
        const response = await http.send({ method: 'GET', url: `/version1/user?${query}`, headers });
        const json = parseJson(response);
        if (response.status < 200 || response.status >= 300) {
          const text = response.text.trim();
          const vendor = json === undefined && text && !text.startsWith('<') ? { message: text } : undefined;
          throw classifyFailure(AT_NAME, response, vendor, AT_ERRORS);
        }
        const balance = (json as { UserData?: { balance?: unknown } } | undefined)?.UserData?.balance;
        if (typeof balance !== 'string') {
          throw providerError(
            'provider_bad_response',
            `${AT_NAME} answered with something other than its user data`,
            {
              httpStatus: response.status,
            },
          );
        }
        // "KES 0.0000": every send would fail with InsufficientBalance.
        const amount = Number.parseFloat(balance.replace(/^[^\d-]*/, ''));
        if (Number.isFinite(amount) && amount <= 0) {
          return {
            status: 'error',
            errorMessage: `${AT_NAME}: the account has no balance left (${balance}); top it up and verify the channel`,
          };
        }
        return { status: 'connected', detail: `${AT_NAME} app ${credentials.username}, balance ${balance}` };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    // No signature to check: the channel's secret token in the URL authenticates the callback (the
    // route matched it before asking). See webhooks.ts.
    verifyWebhook: () => true,
    parseStatus: parseAfricasTalkingStatus,
    parseInbound: parseAfricasTalkingInbound,

    close: () => http.close(),
  };
}

/** Anything that is not already a ProviderError (a bug, an unexpected body) is retryable, never a crash. */
function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return providerError('provider_bad_response', `${AT_NAME}: the answer could not be read`, {
    providerMessage: (error as Error)?.message?.slice(0, 200),
  });
}
