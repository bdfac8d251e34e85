import { z } from 'zod';
import {
  baseUrlField,
  defineProvider,
  graphVersionField,
  pendingAdapter,
  secretField,
  timeoutField,
} from './definition.js';

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
  }),
  acceptsBaseUrl: true,
  media: true,
  // message_deliveries / message_reads and messages arrive on the one subscribed URL.
  webhooks: { status: '', inbound: '' },
  create: () => pendingAdapter('messenger'),
});
