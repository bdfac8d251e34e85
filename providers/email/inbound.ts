import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { InboundMessage, StatusEvent } from '../types.js';
import { isOurMessageId } from './compose.js';
import {
  DELIVERY_STATUS_TYPES,
  isHardBounce,
  messageIds,
  parseDeliveryStatus,
  RETURNED_MESSAGE_TYPES,
  returnedMessageId,
} from './dsn.js';
import { htmlToText } from './html-text.js';

/** What a mail in the watched mailbox becomes. */
export type MailOutcome =
  | { kind: 'inbound'; inbound: InboundMessage }
  | { kind: 'receipts'; receipts: StatusEvent[] }
  | { kind: 'skipped'; reason: 'not_our_bounce' | 'delay_notice' | 'unreadable_bounce' | 'no_sender' };

// A message body is kept whole up to this many characters (a long thread quoted below a reply).
const MAX_BODY_CHARS = 100_000;
const MAX_REFERENCES = 20;

/**
 * Reads one mail from the channel's mailbox:
 * - a delivery status notification (RFC 3464) for one of our messages becomes a `failed` receipt
 *   for our Message-ID, with the Status and Diagnostic-Code (a hard bounce also asks for an
 *   opt-out); a `delayed` notice or a report about mail we did not send changes nothing;
 * - anything else is an inbound message from its From address, with the ids it answers
 *   (In-Reply-To, then References newest first) for threading, and `auto_reply` in its metadata
 *   when an automatic responder sent it (RFC 3834 `Auto-Submitted`, or the common `X-Autoreply`,
 *   `X-Autorespond`, `Precedence: auto_reply`) — an out-of-office is a reply, not a bounce.
 * `fallbackId` identifies a mail without a Message-ID (e.g. `imap:<uidvalidity>:<uid>`);
 * `receivedAt` is when the server took it (IMAP INTERNALDATE), the time recorded for it.
 */
export async function readMail(source: Buffer, fallbackId: string, receivedAt: Date): Promise<MailOutcome> {
  const mail = await simpleParser(source, {
    keepDeliveryStatus: true,
    // An HTML-only mail is turned into text by htmlToText below, like our own mail.
    skipHtmlToText: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  });
  if (isDeliveryReport(mail)) return readReport(mail, receivedAt);
  if (looksLikeBounce(mail)) return { kind: 'skipped', reason: 'unreadable_bounce' };

  const from = firstAddress(mail.from);
  if (!from?.address) return { kind: 'skipped', reason: 'no_sender' };
  const id = mail.messageId ? messageIds(mail.messageId)[0] : undefined;
  const metadata: Record<string, unknown> = { email_message_id: id ?? null };
  const auto = autoReplyMarker(mail);
  if (auto) {
    metadata.auto_reply = true;
    metadata.auto_submitted = auto;
  }
  const attachments = mail.attachments
    .filter((a) => a.contentDisposition !== 'inline' || !a.cid)
    .slice(0, 20)
    .map((a) => ({ filename: a.filename ?? null, content_type: a.contentType, size: a.size }));
  if (attachments.length > 0) metadata.attachments = attachments;
  const body = mail.text?.trim() || (typeof mail.html === 'string' ? htmlToText(mail.html) : '');
  return {
    kind: 'inbound',
    inbound: {
      providerMessageId: id ?? fallbackId,
      from: from.address.toLowerCase(),
      fromName: from.name || undefined,
      to: firstAddress(mail.to)?.address || undefined,
      subject: mail.subject || undefined,
      body: body.slice(0, MAX_BODY_CHARS),
      // The server's arrival time: a sender's Date header can say anything.
      receivedAt,
      inReplyTo: threadIds(mail),
      metadata,
    },
  };
}

function isDeliveryReport(mail: ParsedMail): boolean {
  const type = mail.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (type?.value?.toLowerCase() === 'multipart/report') {
    return (type.params?.['report-type'] ?? '').toLowerCase().includes('delivery-status');
  }
  return mail.attachments.some((a) => DELIVERY_STATUS_TYPES.has(a.contentType.toLowerCase()));
}

function readReport(mail: ParsedMail, receivedAt: Date): MailOutcome {
  const status = mail.attachments.find((a) => DELIVERY_STATUS_TYPES.has(a.contentType.toLowerCase()));
  const returned = mail.attachments.find((a) => RETURNED_MESSAGE_TYPES.has(a.contentType.toLowerCase()));
  const original = returned ? returnedMessageId(returned.content.toString('utf8')) : undefined;
  if (!status) return { kind: 'skipped', reason: 'unreadable_bounce' };
  // Only our own Message-IDs: a bounce of mail a person sent from this mailbox is not ours to apply.
  if (!original || !isOurMessageId(original)) return { kind: 'skipped', reason: 'not_our_bounce' };
  const failed = parseDeliveryStatus(status.content.toString('utf8')).filter((r) => r.action === 'failed');
  if (failed.length === 0) return { kind: 'skipped', reason: 'delay_notice' };
  // We send one recipient per mail: the first failed recipient speaks for the message.
  const first = failed[0]!;
  return {
    kind: 'receipts',
    receipts: [
      {
        providerMessageId: original,
        status: 'failed',
        occurredAt: receivedAt,
        providerStatus: 'bounced',
        errorCode: first.status,
        errorMessage: first.diagnostic ?? 'The receiving server returned the message',
        optOut: isHardBounce(first.status) || undefined,
      },
    ],
  };
}

// A bounce that is not a delivery report (an old MTA's plain-text bounce): from the mail system,
// with the null return path. It is neither a reply nor anything we can match to a message.
function looksLikeBounce(mail: ParsedMail): boolean {
  const from = firstAddress(mail.from)?.address?.toLowerCase() ?? '';
  const returnPath = mail.headers.get('return-path') as AddressObject | undefined;
  const nullPath = returnPath !== undefined && !returnPath.value?.some((a) => a.address);
  return (
    /^(mailer-daemon|postmaster)@/.test(from) &&
    (nullPath || /deliver|undeliver|returned|failure/i.test(mail.subject ?? ''))
  );
}

/** `auto-replied`, `auto-generated`... when an automatic responder sent the mail, else undefined. */
function autoReplyMarker(mail: ParsedMail): string | undefined {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  };
  // RFC 3834 section 5: any value other than "no" means an automatic response.
  const submitted = header('auto-submitted')?.split(';')[0]?.trim();
  if (submitted && submitted !== 'no') return submitted;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return 'auto-replied';
  const precedence = header('precedence');
  if (precedence === 'auto_reply') return 'auto-replied';
  return undefined;
}

/** The ids this mail answers: In-Reply-To first, then References from the newest. */
function threadIds(mail: ParsedMail): string[] | undefined {
  const replyTo = typeof mail.inReplyTo === 'string' ? messageIds(mail.inReplyTo) : [];
  const references = [mail.references ?? []]
    .flat()
    .flatMap((r) => messageIds(r))
    .reverse();
  const ids = [...new Set([...replyTo, ...references])].slice(0, MAX_REFERENCES);
  return ids.length > 0 ? ids : undefined;
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.value.find((a) => a.address);
}
