import { z } from 'zod';
import { baseUrlField, defineProvider, secretField, smsSenderField, timeoutField } from '../definition.js';
import { createAfricasTalkingProvider } from './adapter.js';

/** Africa's Talking SMS: the app username (`sandbox` for their sandbox) and the app's API key. */
export const africastalking = defineProvider({
  id: 'africastalking',
  channelType: 'sms',
  credentials: z.strictObject({
    username: z.string().min(1).max(100),
    api_key: secretField(8, 256),
  }),
  config: z.strictObject({
    /** Registered alphanumeric sender id or short code; the account's default sender when absent. */
    sender_id: smsSenderField,
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: false,
  // Delivery reports and incoming messages are two callback URLs set in their dashboard.
  webhooks: { status: '/status', inbound: '/inbound' },
  create: (context) => createAfricasTalkingProvider(context),
});
