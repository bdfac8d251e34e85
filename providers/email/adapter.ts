import type { ImapFlow } from 'imapflow';
import { ProviderError } from '../../src/errors.js';
import type { ProviderContext } from '../definition.js';
import { providerError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import type { ChannelProvider, OutboundMessage, SendResult, SessionSink, VerifyResult } from '../types.js';
import { fetchAttachment } from './attachments.js';
import { composeMail, messageIdFor, type Sender } from './compose.js';
import { classifySmtpError } from './errors.js';
import {
  createImapClient,
  isAuthFailure,
  isMissingMailbox,
  type MailboxSettings,
  type MailboxTiming,
  startMailboxListener,
} from './mailbox.js';
import { createSmtpTransport } from './smtp.js';

export type EmailCredentials = {
  smtp_host: string;
  smtp_port: number;
  smtp_user: string;
  smtp_pass: string;
  imap_host?: string | undefined;
  imap_port?: number | undefined;
  imap_user?: string | undefined;
  imap_pass?: string | undefined;
};

export type EmailConfig = {
  from_address?: string | undefined;
  reply_to?: string | undefined;
  smtp_security: 'tls' | 'starttls' | 'none';
  smtp_pool_size: number;
  imap_tls: boolean;
  imap_security?: 'tls' | 'starttls' | 'none' | undefined;
  imap_mailbox: string;
  imap_idle: boolean;
  imap_poll_seconds: number;
  tls_ca?: string | undefined;
  timeout_ms?: number | undefined;
  max_attachment_mb: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
// A mail not accepted by then (or by 3 × timeout_ms when smaller) is given up and taken out of the
// pool's queue, so it is never sent after the send path (30 s deadline) has counted it failed and
// scheduled a retry: a slow server with a backlog in the pool would otherwise get the mail twice.
const SEND_DEADLINE_MS = 25_000;

/**
 * Email over the account's own servers: SMTP out through a pooled nodemailer transport (one per
 * channel per process), IMAP in through `listen()` (one session per channel, held by the
 * `webhooks` role). Our Message-ID is the provider message id; bounces and replies find their
 * message by it. See providers/email.ts for the settings.
 */
export function createEmailProvider(
  context: ProviderContext<EmailCredentials, EmailConfig>,
  timing: Partial<MailboxTiming> = {},
): ChannelProvider {
  const { credentials, config } = context;
  const timeoutMs = config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  const sendDeadlineMs = Math.min(SEND_DEADLINE_MS, 3 * timeoutMs);
  const smtp = createSmtpTransport({
    host: credentials.smtp_host,
    port: credentials.smtp_port,
    security: config.smtp_security,
    user: credentials.smtp_user,
    pass: credentials.smtp_pass,
    poolSize: config.smtp_pool_size,
    ca: config.tls_ca,
    timeoutMs,
    allowPrivateHosts: context.allowPrivateHosts,
  });
  // Attachments by URL: private hosts refused at connect, a deadline, a size limit.
  const downloads = new HttpClient({
    providerName: 'The attachment host',
    baseUrl: 'https://attachments.invalid',
    timeoutMs: Math.max(timeoutMs, 15_000),
    connections: 8,
    allowPrivateHosts: context.allowPrivateHosts,
    ca: config.tls_ca,
  });
  const sender: Sender = {
    name: context.senderName ?? undefined,
    address: config.from_address ?? credentials.smtp_user,
  };
  const mailbox = mailboxSettings(credentials, config, context.allowPrivateHosts, timeoutMs);

  return {
    async send(msg: OutboundMessage): Promise<SendResult> {
      const signal = AbortSignal.timeout(sendDeadlineMs);
      const from: Sender = msg.from?.includes('@') ? { ...sender, address: msg.from } : sender;
      const messageId = messageIdFor(msg.messageId, from.address);
      const attachments = msg.mediaUrl
        ? [await fetchAttachment(downloads, msg.mediaUrl, config.max_attachment_mb * 1_048_576)]
        : [];
      const mail = composeMail({
        msg,
        from,
        replyTo: config.reply_to,
        messageId,
        unsubscribeUrl: msg.bulk ? context.unsubscribeUrl?.(msg.to) : undefined,
        attachments,
      });
      try {
        await smtp.sendMail({ ...mail, signal });
      } catch (error) {
        throw classifySmtpError(error);
      }
      return { providerMessageId: messageId };
    },

    async verify(): Promise<VerifyResult> {
      // A separate connection (not the pool): it logs in, then quits.
      const probe = createSmtpTransport({
        host: credentials.smtp_host,
        port: credentials.smtp_port,
        security: config.smtp_security,
        user: credentials.smtp_user,
        pass: credentials.smtp_pass,
        poolSize: 1,
        ca: config.tls_ca,
        timeoutMs,
        allowPrivateHosts: context.allowPrivateHosts,
      });
      try {
        await probe.verify();
      } catch (error) {
        throw classifySmtpError(error);
      } finally {
        probe.close();
      }
      if (!mailbox) return { status: 'connected', detail: `SMTP ${credentials.smtp_host}` };
      await verifyMailbox(mailbox);
      return { status: 'connected', detail: `SMTP ${credentials.smtp_host}, IMAP ${mailbox.host}` };
    },

    ...(mailbox ? { listen: (sink: SessionSink) => startMailboxListener(mailbox, sink, timing) } : {}),

    async close() {
      smtp.close();
      await downloads.close();
    },
  };
}

/** The mailbox settings, or undefined when the channel has no IMAP (sending only). */
function mailboxSettings(
  credentials: EmailCredentials,
  config: EmailConfig,
  allowPrivateHosts: boolean,
  timeoutMs: number,
): MailboxSettings | undefined {
  if (!credentials.imap_host || !credentials.imap_user || !credentials.imap_pass) return undefined;
  // `imap_tls` came first: true is implicit TLS, false the STARTTLS upgrade; `imap_security` says it all.
  const security = config.imap_security ?? (config.imap_tls ? 'tls' : 'starttls');
  return {
    host: credentials.imap_host,
    port: credentials.imap_port ?? (security === 'tls' ? 993 : 143),
    security,
    user: credentials.imap_user,
    pass: credentials.imap_pass,
    mailbox: config.imap_mailbox,
    idle: config.imap_idle,
    pollMs: config.imap_poll_seconds * 1_000,
    ca: config.tls_ca,
    allowPrivateHosts,
    timeoutMs,
  };
}

/** Logs in to IMAP and checks the watched mailbox exists; failures as ProviderErrors. */
async function verifyMailbox(settings: MailboxSettings): Promise<void> {
  let client: ImapFlow | undefined;
  try {
    client = createImapClient(settings);
    client.on('error', () => {});
    await client.connect();
    const status = await client.status(settings.mailbox, { messages: true });
    if (status === false) {
      throw providerError('credentials_invalid', `IMAP: the mailbox "${settings.mailbox}" does not exist`);
    }
    await client.logout();
  } catch (error) {
    throw imapError(error, settings.mailbox);
  } finally {
    client?.close();
  }
}

function imapError(error: unknown, mailbox: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as { code?: string; name?: string };
  if (isAuthFailure(error)) {
    return providerError(
      'credentials_invalid',
      'IMAP: authentication failed: check the IMAP user and password',
    );
  }
  if (isMissingMailbox(error)) {
    return providerError('credentials_invalid', `IMAP: the mailbox "${mailbox}" does not exist`);
  }
  if (e?.name === 'PrivateHostError' || e?.code === 'ERR_PRIVATE_HOST') {
    return providerError(
      'host_not_allowed',
      'IMAP: the server resolves to a private address, which PROVIDER_PRIVATE_HOSTS does not allow',
    );
  }
  if (typeof e?.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(e.code)) {
    return providerError(
      'host_not_allowed',
      "IMAP: the server's TLS certificate is not trusted (set config.tls_ca for a private CA)",
    );
  }
  if (e?.code === 'CONNECT_TIMEOUT' || e?.code === 'GREETING_TIMEOUT' || e?.code === 'ETIMEDOUT') {
    return providerError('provider_timeout', 'IMAP: the server did not answer in time');
  }
  return providerError(
    'provider_connection_failed',
    `IMAP: the connection to the server failed (${e?.code ?? e?.name ?? 'error'})`,
  );
}
