import type { ProviderError } from '../../src/errors.js';
import { providerError } from '../errors.js';
import type { ErrorTable } from '../http/error-table.js';
import { PrivateHostError } from '../http/private-hosts.js';

/**
 * SMTP replies that say more than their class. Enhanced status codes (RFC 3463, and RFC 4954 for
 * 5.7.8, RFC 7505 for 5.1.10, RFC 7372 for 5.7.26) are read first; the three-digit reply code
 * (RFC 5321 section 4.2.3) when the server sends none. A 4yz reply is always transient (retried)
 * and a 5yz reply is always permanent: these rows only name the permanent kind. Codes not listed
 * fall back to `rejected` (5yz) or `provider_unavailable` (4yz). Each row has a test in
 * tests/providers/email-errors.test.ts.
 */
export const SMTP_ERRORS: ErrorTable = {
  // The recipient's address.
  '5.1.1': { kind: 'invalid_address', message: 'the mailbox does not exist' },
  '5.1.2': { kind: 'invalid_address', message: 'the destination domain does not exist or takes no mail' },
  '5.1.3': { kind: 'invalid_address', message: 'the recipient address is not valid' },
  '5.1.6': { kind: 'invalid_address', message: 'the mailbox has moved' },
  '5.1.10': { kind: 'invalid_address', message: 'the destination domain accepts no mail (null MX)' },
  '5.2.1': { kind: 'unreachable', message: 'the mailbox is disabled' },
  '5.2.2': { kind: 'unreachable', message: 'the mailbox is full' },
  // The sender.
  '5.1.7': { kind: 'sender_invalid', message: 'the sender address is not valid' },
  '5.1.8': { kind: 'sender_invalid', message: "the sender's domain is not valid" },
  // The content.
  '5.2.3': { kind: 'content_rejected', message: 'the message is larger than the mailbox accepts' },
  '5.3.4': { kind: 'content_rejected', message: 'the message is too big for the server' },
  '5.6.0': { kind: 'content_rejected', message: 'the content of the message was refused' },
  // Policy: relaying denied, spam, sender authentication (SPF/DKIM/DMARC).
  '5.7.1': { kind: 'blocked', message: 'refused by the server’s policy' },
  '5.7.26': { kind: 'blocked', message: 'the sender’s authentication (SPF, DKIM, DMARC) failed' },
  // The channel's own login: the channel stops until verified again.
  '5.7.8': {
    kind: 'credentials_invalid',
    message: 'authentication failed: check the SMTP user and password',
  },
  '535': { kind: 'credentials_invalid', message: 'authentication failed: check the SMTP user and password' },
  '530': { kind: 'credentials_invalid', message: 'the server requires authentication' },
  '534': { kind: 'credentials_invalid', message: 'the server refuses this authentication mechanism' },
  '538': { kind: 'credentials_invalid', message: 'the server requires encryption to log in' },
  // Reply codes without an enhanced code.
  '551': { kind: 'invalid_address', message: 'the recipient is not local to the server' },
  '553': { kind: 'invalid_address', message: 'the mailbox name is not allowed' },
  '552': { kind: 'content_rejected', message: 'the message exceeds the storage allocation' },
};

/** What nodemailer puts on its errors (its own `code`, the server's reply). */
type SmtpFailure = Error & {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
};

// Node's TLS verification failures: the server's certificate cannot be trusted as configured.
const CERTIFICATE_ERRORS =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/;

/**
 * A nodemailer failure as a ProviderError: the server's reply through SMTP_ERRORS (5yz permanent,
 * 4yz retried), transport faults retried (timeouts, refused, reset, DNS), and the channel's own
 * faults (login refused, a private host, a certificate that is not trusted, STARTTLS refused while
 * required) stopping the channel until it is verified again.
 */
export function classifySmtpError(error: unknown): ProviderError {
  const e = (error ?? {}) as SmtpFailure;
  const code = e.code;
  if (
    error instanceof PrivateHostError ||
    code === 'ERR_PRIVATE_HOST' ||
    e.originalCode === 'ERR_PRIVATE_HOST'
  ) {
    return providerError(
      'host_not_allowed',
      'SMTP: the server resolves to a private address, which PROVIDER_PRIVATE_HOSTS does not allow',
    );
  }
  const reply = typeof e.response === 'string' ? e.response.slice(0, 300) : undefined;
  const replyCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const details = {
    providerCode: replyCode !== undefined ? (enhancedCode(reply, replyCode) ?? String(replyCode)) : code,
    providerMessage: reply ?? e.message?.slice(0, 300),
  };
  if (isCertificateFailure(e)) {
    return providerError(
      'host_not_allowed',
      "SMTP: the server's TLS certificate is not trusted (set config.tls_ca for a private CA)",
      details,
    );
  }
  if (code === 'ETLS' && replyCode !== undefined && replyCode >= 500) {
    return providerError(
      'host_not_allowed',
      'SMTP: the server does not offer STARTTLS; choose smtp_security "tls" or the right port',
      details,
    );
  }
  if (replyCode !== undefined && replyCode >= 400 && replyCode < 600) {
    return classifyReply(replyCode, reply, details);
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return providerError(
      'credentials_invalid',
      'SMTP: authentication failed: check the SMTP user and password',
      details,
    );
  }
  if (code === 'EABORT') {
    // Our own deadline (the adapter's): the mail was taken out of the pool's queue, or its
    // connection closed before the end of the message.
    return providerError('provider_timeout', 'SMTP: the server did not take the message in time', details);
  }
  if (code === 'ETIMEDOUT' || e.originalCode === 'ETIMEDOUT') {
    return providerError('provider_timeout', 'SMTP: the server did not answer in time', details);
  }
  if (code === 'EENVELOPE') {
    return providerError('invalid_address', 'SMTP: the recipient address is not valid', details);
  }
  if (code === 'EMESSAGE') {
    return providerError('content_rejected', 'SMTP: the message could not be sent as composed', details);
  }
  if (code === 'EPROTOCOL') {
    return providerError('provider_bad_response', 'SMTP: the server answered outside the protocol', details);
  }
  // ECONNECTION, ESOCKET, EDNS, ETLS (a handshake cut short), refused, reset: the mail may or may
  // not have been accepted; the retry carries the same Message-ID, so a receiver can tell.
  return providerError(
    'provider_connection_failed',
    `SMTP: the connection to the server failed (${e.originalCode ?? code ?? e.name ?? 'error'})`,
    details,
  );
}

/** A 4yz or 5yz reply, by its enhanced code, then its reply code, then its class. */
export function classifyReply(
  replyCode: number,
  reply: string | undefined,
  details: { providerCode?: string | undefined; providerMessage?: string | undefined } = {},
): ProviderError {
  if (replyCode < 500) {
    return providerError(
      'provider_unavailable',
      `SMTP: the server deferred the message (${replyCode})`,
      details,
    );
  }
  const enhanced = enhancedCode(reply, replyCode);
  const row = (enhanced ? SMTP_ERRORS[enhanced] : undefined) ?? SMTP_ERRORS[String(replyCode)];
  if (row) return providerError(row.kind, `SMTP: ${row.message}`, details);
  return providerError('rejected', `SMTP: the server refused the message (${replyCode})`, details);
}

/** The enhanced status code (`5.1.1`) at the start of a reply's text, when its class matches the reply's. */
export function enhancedCode(reply: string | undefined, replyCode: number): string | undefined {
  const match = reply ? /^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(reply.trim()) : null;
  if (!match || match[1] !== String(replyCode).charAt(0)) return undefined;
  return `${match[1]}.${match[2]}.${match[3]}`;
}

function isCertificateFailure(e: SmtpFailure): boolean {
  const codes = [e.code, e.originalCode, (e as { cause?: { code?: string } }).cause?.code];
  if (codes.some((c) => typeof c === 'string' && CERTIFICATE_ERRORS.test(c))) return true;
  return (e.code === 'ETLS' || e.code === 'ESOCKET') && /certificate|self[- ]signed/i.test(e.message ?? '');
}
