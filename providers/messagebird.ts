import { z } from 'zod';
import {
  baseUrlField,
  defineProvider,
  pendingAdapter,
  secretField,
  smsSenderField,
  timeoutField,
} from './definition.js';

/** MessageBird (Bird) SMS: `Authorization: AccessKey ...`; the signing key verifies webhook JWTs. */
export const messagebird = defineProvider({
  id: 'messagebird',
  channelType: 'sms',
  credentials: z.strictObject({
    access_key: secretField(16, 256),
    signing_key: secretField(8, 256).optional(),
  }),
  config: z.strictObject({
    originator: smsSenderField,
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: false,
  // reportUrl for status reports, and the flow/number webhook for inbound messages.
  webhooks: { status: '/status', inbound: '/inbound' },
  create: () => pendingAdapter('messagebird'),
});
