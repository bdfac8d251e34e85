import twilioSdk from 'twilio';
import type { DeliveryStatus, InboundMessage, RawWebhook, StatusEvent } from '../types.js';
import { formFields, malformedWebhook } from '../webhooks.js';
import { TWILIO_ERRORS } from './errors.js';

/**
 * Twilio signs every webhook with the Auth Token: `X-Twilio-Signature` is the base64 HMAC-SHA1 of
 * the full URL it called followed by the form fields sorted by name (JSON bodies: the URL only,
 * with `bodySHA256` in its query). `req.url` is the public URL (built from PUBLIC_BASE_URL), which
 * is what Twilio signed even behind a proxy. The SDK's own validator does the comparison.
 */
export function verifyTwilioSignature(req: RawWebhook, authToken: string): boolean {
  const signature = req.headers['x-twilio-signature'];
  if (!signature) return false;
  if (req.url.includes('bodySHA256')) {
    return twilioSdk.validateRequestWithBody(authToken, signature, req.url, req.rawBody);
  }
  const fields = isForm(req) ? formFields(req.rawBody) : {};
  return twilioSdk.validateRequest(authToken, signature, req.url, fields);
}

// https://www.twilio.com/docs/messaging/api/message-resource#message-status-values
const STATUSES: Record<string, DeliveryStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** A status callback (`MessageSid`, `MessageStatus`, `ErrorCode`), normalized. */
export function parseTwilioStatus(req: RawWebhook): StatusEvent[] {
  const fields = requireForm(req);
  const sid = field(fields, 'MessageSid') ?? field(fields, 'SmsSid');
  const providerStatus = field(fields, 'MessageStatus') ?? field(fields, 'SmsStatus');
  if (!sid || !providerStatus) throw malformedWebhook('MessageSid and MessageStatus are required');
  const errorCode = field(fields, 'ErrorCode');
  const status = STATUSES[providerStatus] ?? 'unknown';
  return [
    {
      providerMessageId: sid,
      status,
      occurredAt: new Date(),
      providerStatus,
      errorCode: errorCode || undefined,
      errorMessage:
        field(fields, 'ErrorMessage') ?? (errorCode ? TWILIO_ERRORS[errorCode]?.message : undefined),
      // 21610 reported after the send (a Messaging Service accepts first, then fails it): the
      // recipient replied STOP, so the address is recorded as opted out.
      optOut:
        (status === 'failed' && errorCode && TWILIO_ERRORS[errorCode]?.kind === 'opted_out') || undefined,
    },
  ];
}

/** An incoming message (`MessageSid`, `From`, `To`, `Body`, `NumMedia`, `MediaUrl0`...), normalized. */
export function parseTwilioInbound(req: RawWebhook): InboundMessage[] {
  const fields = requireForm(req);
  const sid = field(fields, 'MessageSid') ?? field(fields, 'SmsMessageSid') ?? field(fields, 'SmsSid');
  const from = field(fields, 'From');
  if (!sid || !from) throw malformedWebhook('MessageSid and From are required');
  const count = Math.min(Number.parseInt(field(fields, 'NumMedia') ?? '0', 10) || 0, 10);
  const mediaUrls = Array.from({ length: count }, (_, i) => field(fields, `MediaUrl${i}`)).filter(
    (u): u is string => typeof u === 'string' && u.length > 0,
  );
  const to = field(fields, 'To');
  return [
    {
      providerMessageId: sid,
      // WhatsApp and RCS senders come as `whatsapp:+1...`: the address is the number.
      from: stripScheme(from),
      fromName: field(fields, 'ProfileName'),
      to: to ? stripScheme(to) : undefined,
      body: field(fields, 'Body') ?? '',
      mediaUrls: mediaUrls.length > 0 ? mediaUrls : undefined,
      receivedAt: new Date(),
    },
  ];
}

/** An empty TwiML document: Twilio reads the answer to an incoming message as instructions. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

function isForm(req: RawWebhook): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function requireForm(req: RawWebhook): Record<string, string | string[]> {
  if (!isForm(req)) throw malformedWebhook('Twilio webhooks are application/x-www-form-urlencoded');
  return formFields(req.rawBody);
}

function field(fields: Record<string, string | string[]>, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value[0] : value;
}

function stripScheme(address: string): string {
  return address.replace(/^[a-z]+:(?=\+?\d)/i, '');
}
