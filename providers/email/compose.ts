import type { SendMailOptions } from 'nodemailer';
import type { OutboundMessage } from '../types.js';
import type { Attachment } from './attachments.js';
import { mailBodies } from './html-text.js';

export type Sender = { name: string | undefined; address: string };

/**
 * The Message-ID of one of our messages, without angle brackets: our message id at the From
 * address's domain. The same for every attempt, so a receiver that got an attempt we counted as
 * failed (a timeout after DATA) can tell the retry is the same mail. It is the message's
 * `provider_message_id`: replies name it in In-Reply-To/References, bounces in the returned headers.
 */
export function messageIdFor(messageId: string, fromAddress: string): string {
  const domain = fromAddress.split('@').pop()?.toLowerCase() ?? '';
  return `${messageId}@${/^[a-z0-9.-]{1,253}$/.test(domain) ? domain : 'turumba.invalid'}`;
}

// Our Message-IDs: a UUID at a domain (see messageIdFor). Bounces of other mail are not ours to apply.
const OUR_MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[a-z0-9.-]+$/i;

/** True when a Message-ID (brackets removed) has the shape of ours. */
export function isOurMessageId(id: string): boolean {
  return OUR_MESSAGE_ID.test(id);
}

/**
 * The mail for one message: From the channel (its sender name as display name), the subject from
 * the message or its template, the body as text or HTML with a text alternative, our Message-ID,
 * the attachment, and on bulk mail `List-Unsubscribe` with `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click` (RFC 2369, RFC 8058: mail clients show an unsubscribe button that
 * POSTs to the URL; Gmail and Yahoo require it of bulk senders).
 */
export function composeMail(input: {
  msg: OutboundMessage;
  from: Sender;
  replyTo: string | undefined;
  messageId: string;
  unsubscribeUrl: string | undefined;
  attachments: Attachment[];
}): SendMailOptions {
  const { msg, from } = input;
  const bodies = mailBodies(msg.body);
  const mail: SendMailOptions = {
    from: from.name ? { name: from.name, address: from.address } : from.address,
    to: msg.to,
    subject: msg.subject ?? '',
    text: bodies.text,
    messageId: `<${input.messageId}>`,
    // Nothing from the system's name or version in the headers.
    xMailer: false,
  };
  if (bodies.html !== undefined) mail.html = bodies.html;
  if (input.replyTo) mail.replyTo = input.replyTo;
  if (input.attachments.length > 0) mail.attachments = input.attachments;
  if (msg.bulk && input.unsubscribeUrl) {
    mail.list = { unsubscribe: { url: input.unsubscribeUrl } };
    mail.headers = { 'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' } };
  }
  return mail;
}
