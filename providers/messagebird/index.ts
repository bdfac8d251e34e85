import { z } from 'zod';
import { baseUrlField, defineProvider, secretField, smsSenderField, timeoutField } from '../definition.js';
import { createMessageBirdProvider } from './adapter.js';

/**
 * MessageBird's SMS Messaging API (rest.messagebird.com, `Authorization: AccessKey ...`). MessageBird
 * has since become Bird, whose newer platform has its own API; this is the documented MessageBird
 * REST API, which existing MessageBird accounts keep using.
 */
export const messagebird = defineProvider({
  id: 'messagebird',
  channelType: 'sms',
  credentials: z.strictObject({
    access_key: secretField(16, 256),
    // The account's signing key (Developers → Settings), not the access key: it signs the
    // MessageBird-Signature-JWT of every webhook. Without it every webhook is refused (401).
    signing_key: secretField(8, 256).optional(),
  }),
  config: z.strictObject({
    /** The sender: an E.164 number, a short code or an alphanumeric sender id (11 characters at most). */
    originator: smsSenderField,
    /** `plain` (GSM 03.38 only), `unicode`, or `auto` (MessageBird picks by the body; the default). */
    datacoding: z.enum(['plain', 'unicode', 'auto']).optional(),
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: false,
  // Status reports go to each message's `reportUrl` (the status URL); incoming messages to the
  // number's Flow Builder "Forward to URL" step (the inbound URL).
  webhooks: { status: '/status', inbound: '/inbound' },
  // MessageBird sends SMS status reports as GET requests with query parameters.
  eventsByGet: true,
  create: (context) => createMessageBirdProvider(context),
});
