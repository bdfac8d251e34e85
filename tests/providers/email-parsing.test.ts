import { describe, expect, it } from 'vitest';
import { isOurMessageId, messageIdFor } from '../../providers/email/compose.js';
import { isHardBounce, parseDeliveryStatus } from '../../providers/email/dsn.js';
import { decodeEntities, looksLikeHtml, mailBodies } from '../../providers/email/html-text.js';
import { readMail } from '../../providers/email/inbound.js';

const OURS = '0b9f3c1e-5a7d-4c2b-9e8f-1a2b3c4d5e6f@acme.test';
const at = new Date('2026-03-01T10:00:00Z');
const read = (lines: string[]) => readMail(Buffer.from(lines.join('\r\n')), 'imap:1:7', at);

function report(options: { action?: string; status?: string; returned?: string; returnedType?: string }) {
  return [
    'From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>',
    'To: support@acme.test',
    'Subject: Delivery Status Notification (Failure)',
    'Message-ID: <dsn-1@mx.example.net>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type="delivery-status"; boundary="R"',
    '',
    '--R',
    'Content-Type: text/plain',
    '',
    'Delivery to the following recipient failed permanently.',
    '--R',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    'Arrival-Date: Sun, 1 Mar 2026 09:59:00 +0000',
    '',
    'Final-Recipient: rfc822; nobody@example.org',
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${options.status ?? '5.1.1'}`,
    'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does',
    '    not exist.',
    '',
    '--R',
    `Content-Type: ${options.returnedType ?? 'message/rfc822'}`,
    '',
    `Message-ID: <${options.returned ?? OURS}>`,
    'From: support@acme.test',
    'Subject: Your order',
    '',
    'It ships today.',
    '--R--',
    '',
  ];
}

describe('email: delivery status notifications (RFC 3464)', () => {
  it('turns a failed report about our mail into a failed receipt with the diagnostic', async () => {
    const outcome = await read(report({}));
    expect(outcome).toEqual({
      kind: 'receipts',
      receipts: [
        {
          providerMessageId: OURS,
          status: 'failed',
          occurredAt: at,
          providerStatus: 'bounced',
          errorCode: '5.1.1',
          errorMessage: '550-5.1.1 The email account that you tried to reach does not exist.',
          optOut: true,
        },
      ],
    });
  });

  it('reads the returned headers form too, and asks no opt-out for a full mailbox', async () => {
    const outcome = await read(report({ status: '5.2.2', returnedType: 'text/rfc822-headers' }));
    expect(outcome).toMatchObject({
      kind: 'receipts',
      receipts: [{ errorCode: '5.2.2', optOut: undefined }],
    });
  });

  it('changes nothing for a delay notice or a bounce of mail we did not send', async () => {
    expect(await read(report({ action: 'delayed', status: '4.4.7' }))).toEqual({
      kind: 'skipped',
      reason: 'delay_notice',
    });
    expect(await read(report({ returned: 'CAB=123@mail.gmail.com' }))).toEqual({
      kind: 'skipped',
      reason: 'not_our_bounce',
    });
  });

  it('does not take a plain-text bounce from the mail system for a reply', async () => {
    const outcome = await read([
      'From: MAILER-DAEMON@mx.example.net',
      'Return-Path: <>',
      'To: support@acme.test',
      'Subject: failure notice',
      '',
      "Hi. This is the qmail-send program. I'm afraid I wasn't able to deliver your message.",
    ]);
    expect(outcome).toEqual({ kind: 'skipped', reason: 'unreadable_bounce' });
  });

  it('parses recipients and hard bounces per RFC 3463', () => {
    const [recipient] = parseDeliveryStatus(
      'Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822;x@y.example\nAction: Failed\nStatus: 5.1.10 (null MX)\n',
    );
    expect(recipient).toEqual({
      recipient: 'x@y.example',
      action: 'failed',
      status: '5.1.10',
      diagnostic: undefined,
    });
    expect(['5.1.1', '5.1.2', '5.1.10', '5.2.1'].every(isHardBounce)).toBe(true);
    expect(['5.2.2', '5.7.1', '5.3.4', '4.1.1', undefined].some(isHardBounce)).toBe(false);
  });
});

describe('email: replies and automatic responses', () => {
  const reply = (extra: string[]) => [
    'From: "Alice Doe" <Alice@Example.org>',
    'To: support@acme.test',
    'Subject: Re: Your order',
    'Message-ID: <r1@example.org>',
    `In-Reply-To: <${OURS}>`,
    'References: <older@acme.test> <middle@example.org>',
    ...extra,
    '',
    'Thanks!',
  ];

  it('reads a reply: sender, thread ids nearest first, no flags', async () => {
    const outcome = await read(reply([]));
    expect(outcome).toMatchObject({
      kind: 'inbound',
      inbound: {
        providerMessageId: 'r1@example.org',
        from: 'alice@example.org',
        fromName: 'Alice Doe',
        subject: 'Re: Your order',
        body: 'Thanks!',
        inReplyTo: [OURS, 'middle@example.org', 'older@acme.test'],
        metadata: { email_message_id: 'r1@example.org' },
      },
    });
  });

  it('flags automatic responses (RFC 3834 and the common headers), not mail marked Auto-Submitted: no', async () => {
    for (const header of [
      'Auto-Submitted: auto-replied',
      'X-Autoreply: yes',
      'X-Autorespond: yes',
      'Precedence: auto_reply',
    ]) {
      const outcome = await read(reply([header]));
      expect(outcome, header).toMatchObject({ kind: 'inbound', inbound: { metadata: { auto_reply: true } } });
    }
    const person = await read(reply(['Auto-Submitted: no']));
    expect(person).toMatchObject({ kind: 'inbound' });
    expect(
      (person as { inbound: { metadata: Record<string, unknown> } }).inbound.metadata.auto_reply,
    ).toBeUndefined();
  });

  it('reads an HTML-only mail as text, and names a mail without Message-ID by its place in the mailbox', async () => {
    const outcome = await read([
      'From: bob@example.org',
      'Subject: Hi',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style></head><body><p>Hello&nbsp;there,</p><p>Bob &amp; co</p></body></html>',
    ]);
    expect(outcome).toMatchObject({
      kind: 'inbound',
      inbound: { providerMessageId: 'imap:1:7', body: 'Hello there,\n\nBob & co' },
    });
  });
});

describe('email: bodies and ids', () => {
  it('sends a body without markup as plain text, its escaped values restored', () => {
    expect(mailBodies('Hi Tom &amp; Jerry, 3 &lt; 4 &#x27;ok&#x27;')).toEqual({
      text: "Hi Tom & Jerry, 3 < 4 'ok'",
    });
    expect(looksLikeHtml('if a < b and c > d')).toBe(false);
  });

  it('sends a body with markup as HTML with a text alternative', () => {
    const bodies = mailBodies(
      '<p>Hello <b>Ann</b></p><ul><li>One</li><li>Two</li></ul><br>Visit <a href="https://x.example/a?b=1&amp;c=2">us</a>',
    );
    expect(bodies.html).toContain('<b>Ann</b>');
    expect(bodies.text).toBe('Hello Ann\n\n- One\n- Two\n\nVisit us (https://x.example/a?b=1&c=2)');
    expect(decodeEntities('&euro;5 &#8364; &bogus;')).toBe('€5 € &bogus;');
  });

  it('makes our Message-ID from the message id and the From domain, and knows it again', () => {
    const id = messageIdFor('0b9f3c1e-5a7d-4c2b-9e8f-1a2b3c4d5e6f', 'Support@Acme.TEST');
    expect(id).toBe('0b9f3c1e-5a7d-4c2b-9e8f-1a2b3c4d5e6f@acme.test');
    expect(isOurMessageId(id)).toBe(true);
    expect(isOurMessageId('CAB123@mail.gmail.com')).toBe(false);
  });
});
