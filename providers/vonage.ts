import { z } from 'zod';
import {
  baseUrlField,
  defineProvider,
  pendingAdapter,
  secretField,
  smsSenderField,
  timeoutField,
} from './definition.js';

/** Vonage (Nexmo) SMS API: API key and secret; the signature secret signs webhooks when enabled. */
export const vonage = defineProvider({
  id: 'vonage',
  channelType: 'sms',
  credentials: z.strictObject({
    api_key: z.string().regex(/^[A-Za-z0-9]{6,32}$/, { error: 'must be 6 to 32 letters or digits' }),
    api_secret: secretField(6, 128),
    signature_secret: secretField(8, 256).optional(),
  }),
  config: z.strictObject({
    from: smsSenderField,
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: false,
  // Delivery receipt URL and inbound message URL (account settings).
  webhooks: { status: '/status', inbound: '/inbound' },
  create: () => pendingAdapter('vonage'),
});
