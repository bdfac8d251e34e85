import { z } from 'zod';
import { baseUrlField, defineProvider, secretField, smsSenderField, timeoutField } from '../definition.js';
import { createVonageProvider } from './adapter.js';
import { SIGNATURE_METHODS } from './signature.js';

/** Vonage (Nexmo) SMS API: API key and secret; the signature secret checks the signed webhooks. */
export const vonage = defineProvider({
  id: 'vonage',
  channelType: 'sms',
  credentials: z.strictObject({
    api_key: z.string().regex(/^[A-Za-z0-9]{6,32}$/, { error: 'must be 6 to 32 letters or digits' }),
    api_secret: secretField(6, 128),
    /** Checks the `sig` of delivery receipts and inbound messages; without it every webhook is refused. */
    signature_secret: secretField(8, 256).optional(),
  }),
  config: z.strictObject({
    from: smsSenderField,
    /** The signing method set in Vonage's dashboard: MD5 hash, or an MD5/SHA-1/SHA-256/SHA-512 HMAC. */
    signature_method: z.enum(SIGNATURE_METHODS).default('sha256'),
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: false,
  // Delivery receipt URL and inbound message URL (dashboard settings); Vonage may call them by GET.
  webhooks: { status: '/status', inbound: '/inbound' },
  eventsByGet: true,
  create: (context) => createVonageProvider(context),
});
