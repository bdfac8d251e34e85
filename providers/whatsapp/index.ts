import { z } from 'zod';
import { baseUrlField, defineProvider, graphVersionField, secretField, timeoutField } from '../definition.js';
import { createWhatsAppProvider } from './adapter.js';

const numericId = (label: string) =>
  z.string().regex(/^\d{5,32}$/, { error: `must be the numeric ${label}` });

/** WhatsApp Business Cloud API (Graph API): a system-user access token and the sending phone number id. */
export const whatsapp = defineProvider({
  id: 'whatsapp',
  channelType: 'whatsapp',
  credentials: z.strictObject({
    access_token: secretField(20, 1024),
    phone_number_id: numericId('phone number id'),
    business_account_id: numericId('WhatsApp Business Account id').optional(),
    /** Verifies X-Hub-Signature-256 on webhooks. */
    app_secret: secretField(16, 128).optional(),
    /** Echoed in the webhook subscription handshake (hub.verify_token). */
    verify_token: secretField(8, 256).optional(),
  }),
  config: z.strictObject({
    api_version: graphVersionField,
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: true,
  // Meta posts statuses and messages to the one subscribed URL.
  webhooks: { status: '', inbound: '' },
  // Templates approved in WhatsApp Manager, by name (external_template_id) and language.
  templates: true,
  // Free-form messages only within 24 hours of the customer's last message (the customer service
  // window); outside it only a template may be sent (Meta answers 131047 otherwise).
  // https://developers.facebook.com/docs/whatsapp/conversation-types#customer-service-windows
  sessionWindow: { hours: 24 },
  create: (context) => createWhatsAppProvider(context),
});
