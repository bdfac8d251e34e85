import { z } from 'zod';
import { defineProvider, hostField, pendingAdapter, portField, secretField } from './definition.js';

/** Email over the account's own SMTP server, with optional IMAP polling for replies. */
export const email = defineProvider({
  id: 'email',
  channelType: 'email',
  credentials: z
    .strictObject({
      smtp_host: hostField,
      smtp_port: portField,
      smtp_user: z.string().min(1).max(320),
      smtp_pass: secretField(1, 512),
      imap_host: hostField.optional(),
      imap_port: portField.optional(),
      imap_user: z.string().min(1).max(320).optional(),
      imap_pass: secretField(1, 512).optional(),
    })
    .superRefine((value, ctx) => {
      // IMAP is all or nothing: a half-configured mailbox would only fail later, in a worker.
      if (value.imap_host === undefined) return;
      for (const field of ['imap_user', 'imap_pass'] as const) {
        if (value[field] === undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'required when imap_host is set' });
        }
      }
    }),
  config: z.strictObject({
    /** The From address; the SMTP user when absent. The display name is the channel's sender_name. */
    from_address: z.email().optional(),
    reply_to: z.email().optional(),
    /** `tls` (implicit, port 465), `starttls` (upgrade, 587), `none` (local relays only). */
    smtp_security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    imap_tls: z.boolean().default(true),
    imap_mailbox: z.string().min(1).max(200).default('INBOX'),
    imap_poll_seconds: z.number().int().min(10).max(3600).default(60),
  }),
  acceptsBaseUrl: false,
  media: true,
  // Replies are fetched over IMAP, not pushed.
  webhooks: {},
  create: () => pendingAdapter('email'),
});
