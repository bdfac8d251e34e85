import type { DeliveryStatus, InboundMessage, RawWebhook, StatusEvent } from '../types.js';
import { formFields, malformedWebhook, secretsEqual } from '../webhooks.js';
import { VONAGE_DLR_ERRORS, VONAGE_DLR_OPTED_OUT } from './errors.js';
import { type SignatureMethod, vonageSignature } from './signature.js';

/*
 * The SMS API's webhooks (https://developer.vonage.com/messaging/sms/guides/delivery-receipts, and
 * the DeliveryReceipt / InboundMessage schemas of Vonage's `sms.yml`): delivery receipts and inbound
 * messages come as GET (fields in the query string), POST (form-encoded) or POST-JSON, as the
 * account's webhook method says. Signed webhooks add `timestamp`, `nonce` and `sig`.
 */

// A signed webhook older than this is refused: Vonage retries an unanswered webhook for 24 hours,
// and past our 7-day inbox a replay would no longer be recognised as one.
const MAX_AGE_S = 25 * 3_600;
// Clocks differ a little.
const MAX_AHEAD_S = 300;

/** Every parameter of a webhook: the query string, and the form or JSON body of a POST. */
export function webhookParams(req: RawWebhook): Record<string, string> {
  const params: Record<string, string> = { ...req.query };
  if (req.method === 'GET' || req.rawBody === '') return params;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      throw malformedWebhook('the body is not JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw malformedWebhook('expected an object');
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        params[name] = String(value);
      }
    }
    return params;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of Object.entries(formFields(req.rawBody))) {
      params[name] = Array.isArray(value) ? value[0]! : value;
    }
    return params;
  }
  throw malformedWebhook('Vonage webhooks are a query string, a form or JSON');
}

/**
 * True when the webhook carries Vonage's `sig` over its parameters, made with the channel's
 * signature secret and method (see signature.ts), and a `timestamp` within the last 25 hours. No
 * secret, no `sig`, a wrong one, or a stale one: false (the route answers 401).
 */
export function verifyVonageSignature(
  req: RawWebhook,
  secret: string | undefined,
  method: SignatureMethod,
  now = Date.now(),
): boolean {
  if (!secret) return false;
  let params: Record<string, string>;
  try {
    params = webhookParams(req);
  } catch {
    return false;
  }
  const sig = params.sig;
  if (!sig) return false;
  const timestamp = params.timestamp;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const age = now / 1000 - Number(timestamp);
  if (age > MAX_AGE_S || age < -MAX_AHEAD_S) return false;
  return secretsEqual(sig.toLowerCase(), vonageSignature(params, secret, method).toLowerCase());
}

// A receipt's `status`: accepted and buffered are on their way; delivered is final; expired,
// failed and rejected are final failures; `unknown` says nothing.
const STATUSES: Record<string, DeliveryStatus> = {
  accepted: 'sent',
  buffered: 'sent',
  delivered: 'delivered',
  expired: 'failed',
  failed: 'failed',
  rejected: 'failed',
};

/** A delivery receipt (`messageId`, `status`, `err-code`, `client-ref`, `msisdn`, `to`...), normalized. */
export function parseVonageStatus(req: RawWebhook): StatusEvent[] {
  const params = webhookParams(req);
  const id = params.messageId;
  const providerStatus = params.status;
  if (!id || !providerStatus) throw malformedWebhook('messageId and status are required');
  const errCode = params['err-code'];
  const failed = errCode !== undefined && errCode !== '' && errCode !== '0';
  return [
    {
      providerMessageId: id,
      status: STATUSES[providerStatus] ?? 'unknown',
      occurredAt: new Date(),
      providerStatus,
      errorCode: failed ? errCode : undefined,
      errorMessage: failed ? (VONAGE_DLR_ERRORS[errCode] ?? undefined) : undefined,
      // err-code 9, "Illegal Number": the recipient asked not to receive messages from this service.
      optOut: (failed && errCode === VONAGE_DLR_OPTED_OUT) || undefined,
    },
  ];
}

/** An inbound message (`msisdn`, `to`, `messageId`, `text`, `type`, `concat-*`), normalized. */
export function parseVonageInbound(req: RawWebhook): InboundMessage[] {
  const params = webhookParams(req);
  const id = params.messageId;
  const msisdn = params.msisdn;
  if (!id || !msisdn) throw malformedWebhook('messageId and msisdn are required');
  return [
    {
      providerMessageId: id,
      from: e164(msisdn),
      to: params.to ? e164(params.to) : undefined,
      // A binary message has `data` and `udh` instead of text: nothing readable to store.
      body: params.type === 'binary' ? '' : (params.text ?? ''),
      receivedAt: new Date(),
      part: concatPart(params),
    },
  ];
}

/**
 * A long message arrives in parts, each its own webhook: `concat` "true", `concat-ref` (shared by
 * the parts), `concat-total`, `concat-part` (from 1). The platform joins them (InboundMessage.part);
 * the reference is the sender's, so the group is the sender, our number and the reference.
 */
function concatPart(params: Record<string, string>): InboundMessage['part'] {
  if (params.concat !== 'true') return undefined;
  const ref = params['concat-ref'];
  const total = Number(params['concat-total']);
  const number = Number(params['concat-part']);
  if (
    !ref ||
    !Number.isInteger(total) ||
    !Number.isInteger(number) ||
    number < 1 ||
    number > total ||
    total > 255
  ) {
    throw malformedWebhook('concat-ref, concat-total and concat-part must describe one part of a message');
  }
  return { group: `${params.msisdn}:${params.to ?? ''}:${ref}`, number, total };
}

/** Vonage writes numbers in E.164 without the `+`; a sender name (letters) stays as it is. */
function e164(address: string): string {
  return /^[1-9]\d{6,14}$/.test(address) ? `+${address}` : address;
}
