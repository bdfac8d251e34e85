import { z } from 'zod';
import { defineProvider, hostField, portField, secretField, timeoutField } from './definition.js';
import { createEmailProvider } from './email/adapter.js';

const security = z.enum(['tls', 'starttls', 'none']);

/**
 * Email over the account's own servers: SMTP out (a pooled transport per channel per process),
 * IMAP in (one session per channel, IDLE or polling) for replies, auto-replies and bounces.
 */
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
      /** 993 with implicit TLS, 143 otherwise, when absent. */
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
    /** `tls` (implicit, port 465), `starttls` (upgrade required, 587), `none` (local relays only). */
    smtp_security: security.default('starttls'),
    /** SMTP connections kept open per worker process and reused across messages. */
    smtp_pool_size: z.number().int().min(1).max(20).default(5),
    /** Implicit TLS (993) when true, STARTTLS when false; `imap_security` wins when set. */
    imap_tls: z.boolean().default(true),
    /** `tls` (implicit, 993), `starttls` (upgrade required, 143), `none` (local servers only). */
    imap_security: security.optional(),
    /** The folder watched for replies and bounces. */
    imap_mailbox: z.string().min(1).max(200).default('INBOX'),
    /** Wait for the server's IDLE notifications when it offers IDLE (else, or when false, poll). */
    imap_idle: z.boolean().default(true),
    imap_poll_seconds: z.number().int().min(2).max(3600).default(60),
    /** A private CA (PEM) trusted besides the public ones, for the SMTP, IMAP and attachment hosts. */
    tls_ca: z
      .string()
      .max(20_000)
      .regex(/-----BEGIN CERTIFICATE-----/, { error: 'must be PEM certificates' })
      .optional(),
    /** Deadline of connecting and of each server answer. */
    timeout_ms: timeoutField,
    /** Attachments (`media_url`) larger than this fail the message. */
    max_attachment_mb: z.number().int().min(1).max(25).default(10),
  }),
  acceptsBaseUrl: false,
  // An attachment fetched from `media_url`.
  media: true,
  // Replies and bounces are read over IMAP (`listen`), not pushed.
  webhooks: {},
  listens: true,
  create: (context) => createEmailProvider(context),
});
