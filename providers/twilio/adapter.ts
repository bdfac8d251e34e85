import twilioSdk from 'twilio';
import { ProviderError } from '../../src/errors.js';
import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { classifyVendorError } from '../http/error-table.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { TWILIO_ERRORS } from './errors.js';
import { createTwilioRequestClient } from './request-client.js';
import { EMPTY_TWIML, parseTwilioInbound, parseTwilioStatus, verifyTwilioSignature } from './webhooks.js';

export type TwilioCredentials = { account_sid: string; auth_token: string };
export type TwilioConfig = {
  from?: string | undefined;
  messaging_service_sid?: string | undefined;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
};

const TWILIO_API = 'https://api.twilio.com';

/**
 * Twilio Programmable Messaging through the twilio SDK, whose `httpClient` is our keep-alive pool
 * (so `config.base_url` and the per-call deadline apply). Sender: `messaging_service_sid` wins over
 * `from`; every message carries the channel's status webhook as its `StatusCallback`; `mediaUrl`
 * makes it an MMS. Errors come typed from Twilio's error table (see request-client.ts).
 */
export function createTwilioProvider(
  context: ProviderContext<TwilioCredentials, TwilioConfig>,
): ChannelProvider {
  const { credentials, config } = context;
  const http = new HttpClient({
    providerName: 'Twilio',
    baseUrl: context.baseUrl ?? TWILIO_API,
    timeoutMs: config.timeout_ms,
    allowPrivateHosts: context.allowPrivateHosts,
  });
  const client = twilioSdk(credentials.account_sid, credentials.auth_token, {
    httpClient: createTwilioRequestClient(http, context.baseUrl) as never,
    // Region and edge come from the channel (base_url), never from this process's environment: the
    // SDK falls back to TWILIO_EDGE / TWILIO_REGION only when these are null or undefined.
    env: {},
    edge: '',
    region: '',
    autoRetry: false,
  });
  const statusCallback = context.webhookUrls.status;

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const sender = senderOf(msg, config);
      try {
        const created = await client.messages.create({
          to: msg.to,
          body: msg.body,
          ...sender,
          ...(statusCallback ? { statusCallback } : {}),
          ...(msg.mediaUrl ? { mediaUrl: [msg.mediaUrl] } : {}),
        });
        // Twilio can refuse at once in a 201 (`status: failed` with an error code).
        if (created.status === 'failed' && created.errorCode) {
          throw classifyVendorError(
            'Twilio',
            { code: String(created.errorCode), message: created.errorMessage ?? undefined },
            TWILIO_ERRORS,
          );
        }
        const segments = Number.parseInt(String(created.numSegments ?? ''), 10);
        return {
          providerMessageId: created.sid,
          // With a Messaging Service, Twilio answers 0 segments at creation: ours stand then.
          segments: Number.isFinite(segments) && segments > 0 ? segments : undefined,
        };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    async verify(): Promise<VerifyResult> {
      try {
        const account = await client.api.v2010.accounts(credentials.account_sid).fetch();
        if (account.status !== 'active') {
          return { status: 'error', errorMessage: `Twilio: the account is ${account.status}` };
        }
        // The credentials work, but no message could leave without a sender.
        if (!config.messaging_service_sid && !config.from) {
          return {
            status: 'error',
            errorMessage: 'Twilio needs a sender: set config.from or config.messaging_service_sid',
          };
        }
        return { status: 'connected', detail: `Twilio account ${account.friendlyName ?? ''}`.trim() };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    verifyWebhook: (req) => verifyTwilioSignature(req, credentials.auth_token),
    parseStatus: parseTwilioStatus,
    parseInbound: parseTwilioInbound,
    webhookReply: () => ({ contentType: 'text/xml', body: EMPTY_TWIML }),

    close: () => http.close(),
  };
}

/** `From` for this message: its own override, else the channel's Messaging Service, else its number. */
function senderOf(
  msg: OutboundMessage,
  config: TwilioConfig,
): { from: string } | { messagingServiceSid: string } {
  if (msg.from) return { from: msg.from };
  if (config.messaging_service_sid) return { messagingServiceSid: config.messaging_service_sid };
  if (config.from) return { from: config.from };
  throw providerError(
    'sender_invalid',
    'Twilio needs a sender: set config.from or config.messaging_service_sid on the channel',
  );
}

/** Anything the SDK throws that is not already ours (a bug, a parse error) is retryable, never a crash. */
function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return providerError('provider_bad_response', 'Twilio: the answer could not be read', {
    providerMessage: (error as Error)?.message?.slice(0, 200),
  });
}
