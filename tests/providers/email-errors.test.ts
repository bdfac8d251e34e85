import { describe, expect, it } from 'vitest';
import { classifyReply, classifySmtpError, enhancedCode, SMTP_ERRORS } from '../../providers/email/errors.js';
import { PrivateHostError } from '../../providers/http/private-hosts.js';

// What nodemailer throws: its own code, and the server's reply with its code.
const smtpError = (code: string, response?: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(response ? `Message failed: ${response}` : code), {
    code,
    ...(response ? { response, responseCode: Number(response.slice(0, 3)) } : {}),
    ...extra,
  });

describe('email: the SMTP error table, one row each (expected class stated here)', () => {
  const rows: [reply: string, kind: string, retryable: boolean][] = [
    ['550 5.1.1 <a@b.example>: Recipient address rejected: User unknown', 'invalid_address', false],
    ['550 5.1.2 Host or domain name not found', 'invalid_address', false],
    ['553 5.1.3 Bad recipient address syntax', 'invalid_address', false],
    ['551 5.1.6 Mailbox has moved', 'invalid_address', false],
    ['556 5.1.10 Recipient address has null MX', 'invalid_address', false],
    ['550 5.2.1 Mailbox disabled, not accepting messages', 'unreachable', false],
    ['552 5.2.2 Mailbox full', 'unreachable', false],
    ['553 5.1.7 Sender address syntax invalid', 'sender_invalid', false],
    ['553 5.1.8 Sender address rejected: Domain not found', 'sender_invalid', false],
    ['552 5.2.3 Message exceeds the recipient’s size limit', 'content_rejected', false],
    ['552 5.3.4 Message size exceeds fixed limit', 'content_rejected', false],
    ['554 5.6.0 Message content rejected', 'content_rejected', false],
    ['554 5.7.1 <a@b.example>: Relay access denied', 'blocked', false],
    ['550 5.7.26 Unauthenticated email is not accepted from this domain', 'blocked', false],
    ['535 5.7.8 Error: authentication failed', 'credentials_invalid', false],
    ['535 Authentication credentials invalid', 'credentials_invalid', false],
    ['530 Authentication required', 'credentials_invalid', false],
    ['534 Authentication mechanism is too weak', 'credentials_invalid', false],
    ['538 Encryption required for requested authentication mechanism', 'credentials_invalid', false],
    ['551 User not local; please try <c@d.example>', 'invalid_address', false],
    ['553 Requested action not taken: mailbox name not allowed', 'invalid_address', false],
    ['552 Requested mail action aborted: exceeded storage allocation', 'content_rejected', false],
  ];

  it('covers every row of the table', () => {
    const covered = new Set(
      rows.map(([reply]) => enhancedCode(reply, Number(reply.slice(0, 3))) ?? reply.slice(0, 3)),
    );
    expect([...covered].sort()).toEqual(Object.keys(SMTP_ERRORS).sort());
  });

  for (const [reply, kind, retryable] of rows) {
    it(`${reply.slice(0, 40)}… → ${kind}`, () => {
      const error = classifySmtpError(smtpError('EENVELOPE', reply));
      expect(error).toMatchObject({ code: kind, retryable });
      expect(error.details.providerMessage).toBe(reply);
      expect(error.details.providerCode).toBe(
        enhancedCode(reply, Number(reply.slice(0, 3))) ?? reply.slice(0, 3),
      );
    });
  }
});

describe('email: replies outside the table', () => {
  it('retries every 4yz reply, whatever its enhanced code says', () => {
    for (const reply of [
      '421 4.7.0 Try again later, closing connection',
      '450 4.2.0 Greylisted, try again later',
      '451 4.3.0 Error: queue file write error',
      '452 4.3.1 Insufficient system storage',
      '454 4.7.0 Temporary authentication failure',
    ]) {
      expect(classifySmtpError(smtpError('EENVELOPE', reply))).toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
      });
    }
  });

  it('fails any other 5yz reply as rejected, and ignores an enhanced code of the wrong class', () => {
    expect(classifyReply(554, '554 Transaction failed')).toMatchObject({
      code: 'rejected',
      retryable: false,
    });
    expect(classifyReply(550, '550 4.1.1 odd server')).toMatchObject({ code: 'rejected' });
    expect(enhancedCode('550 4.1.1 odd server', 550)).toBeUndefined();
  });
});

describe('email: transport failures', () => {
  it('retries timeouts, refused and cut connections, DNS failures', () => {
    expect(classifySmtpError(smtpError('ETIMEDOUT'))).toMatchObject({
      code: 'provider_timeout',
      retryable: true,
    });
    // The adapter's own deadline: the mail left the pool's queue unsent.
    expect(classifySmtpError(smtpError('EABORT'))).toMatchObject({
      code: 'provider_timeout',
      retryable: true,
    });
    for (const code of ['ECONNECTION', 'ESOCKET', 'EDNS']) {
      expect(classifySmtpError(smtpError(code))).toMatchObject({
        code: 'provider_connection_failed',
        retryable: true,
      });
    }
    const refused = smtpError('ESOCKET', undefined, { originalCode: 'ECONNREFUSED' });
    expect(classifySmtpError(refused).message).toContain('ECONNREFUSED');
    // A TLS handshake cut short is a connection failure too.
    expect(classifySmtpError(smtpError('ETLS'))).toMatchObject({ code: 'provider_connection_failed' });
  });

  it('stops the channel on what only new settings can fix', () => {
    expect(classifySmtpError(new PrivateHostError('127.0.0.1 is a private address'))).toMatchObject({
      code: 'host_not_allowed',
    });
    expect(
      classifySmtpError(smtpError('ESOCKET', undefined, { originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' })),
    ).toMatchObject({ code: 'host_not_allowed' });
    expect(classifySmtpError(smtpError('ETLS', '502 5.5.1 Error: command not implemented'))).toMatchObject({
      code: 'host_not_allowed',
    });
    expect(classifySmtpError(smtpError('EAUTH'))).toMatchObject({ code: 'credentials_invalid' });
  });

  it('fails a malformed envelope or message for good', () => {
    expect(classifySmtpError(smtpError('EENVELOPE'))).toMatchObject({
      code: 'invalid_address',
      retryable: false,
    });
    expect(classifySmtpError(smtpError('EMESSAGE'))).toMatchObject({
      code: 'content_rejected',
      retryable: false,
    });
    expect(classifySmtpError(smtpError('EPROTOCOL'))).toMatchObject({
      code: 'provider_bad_response',
      retryable: true,
    });
  });
});
