import { z } from 'zod';
import { baseUrlField, defineProvider, pendingAdapter, timeoutField } from './definition.js';

/** Telegram Bot API: the bot token from @BotFather; updates arrive on a webhook with a secret token header. */
export const telegram = defineProvider({
  id: 'telegram',
  channelType: 'telegram',
  credentials: z.strictObject({
    bot_token: z.string().regex(/^\d{5,20}:[A-Za-z0-9_-]{30,64}$/, {
      error: 'must look like 123456789:AA... (from @BotFather)',
    }),
  }),
  config: z.strictObject({
    base_url: baseUrlField,
    timeout_ms: timeoutField,
  }),
  acceptsBaseUrl: true,
  media: true,
  // The Bot API has no delivery receipts: only updates (inbound messages).
  webhooks: { inbound: '' },
  create: () => pendingAdapter('telegram'),
});
