import { z } from 'zod';
import { baseUrlField, defineProvider, smsSenderField, timeoutField } from '../definition.js';
import { createTwilioProvider } from './adapter.js';

/** Twilio Programmable Messaging: HTTP basic auth with the Account SID and Auth Token. */
export const twilio = defineProvider({
  id: 'twilio',
  channelType: 'sms',
  credentials: z.strictObject({
    account_sid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, { error: 'must be AC followed by 32 hex characters' }),
    // The Auth Token also signs Twilio's webhooks (X-Twilio-Signature).
    auth_token: z.string().regex(/^[0-9a-fA-F]{32}$/, { error: 'must be 32 hex characters' }),
  }),
  config: z.strictObject({
    /** The `From` number or alphanumeric sender id; `messaging_service_sid` wins when both are set. */
    from: smsSenderField,
    messaging_service_sid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, { error: 'must be MG followed by 32 hex characters' })
      .optional(),
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  // MMS: `MediaUrl` on the message.
  media: true,
  // StatusCallback per message, and the number's "A message comes in" URL.
  webhooks: { status: '/status', inbound: '/inbound' },
  create: (context) => createTwilioProvider(context),
});
