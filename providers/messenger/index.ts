import { z } from 'zod';
import { baseUrlField, defineProvider, graphVersionField, secretField, timeoutField } from '../definition.js';
import { createMessengerProvider, MESSAGE_TAGS } from './adapter.js';

/** Facebook Messenger Platform (Graph API Send API): a page access token; the app secret signs webhooks. */
export const messenger = defineProvider({
  id: 'messenger',
  channelType: 'messenger',
  credentials: z.strictObject({
    page_access_token: secretField(20, 1024),
    /** Verifies X-Hub-Signature-256 on webhooks. */
    app_secret: secretField(16, 128),
    /** Echoed in the webhook subscription handshake (hub.verify_token). */
    verify_token: secretField(8, 256).optional(),
    page_id: z
      .string()
      .regex(/^\d{5,32}$/, { error: 'must be the numeric page id' })
      .optional(),
  }),
  config: z.strictObject({
    api_version: graphVersionField,
    base_url: baseUrlField,
    timeout_ms: timeoutField,
    /**
     * Sends messages outside the 24-hour window with this message tag (non-promotional updates
     * only, per Meta's policy; HUMAN_AGENT extends the window to 7 days and needs Meta's approval).
     */
    message_tag: z.enum(MESSAGE_TAGS).optional(),
  }),
  acceptsBaseUrl: true,
  media: true,
  // message_deliveries / message_reads and messages arrive on the one subscribed URL.
  webhooks: { status: '', inbound: '' },
  // The standard messaging window: 24 hours after the person's last message; outside it only with a
  // message tag. https://developers.facebook.com/docs/messenger-platform/policy/policy-overview
  sessionWindow: { hours: 24, allowsOutside: (config) => config.message_tag !== undefined },
  create: (context) => createMessengerProvider(context),
});
