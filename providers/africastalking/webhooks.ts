import type { DeliveryStatus, InboundMessage, RawWebhook, StatusEvent } from '../types.js';
import { formFields, malformedWebhook } from '../webhooks.js';
import { AT_FAILURE_REASONS } from './errors.js';

/*
 * Africa's Talking's SMS callbacks (https://developers.africastalking.com/docs/sms/notifications):
 * POST, application/x-www-form-urlencoded, to the URLs set in the dashboard (SMS → SMS Callback
 * URLs → Delivery Reports / Incoming Messages). Africa's Talking does not sign its callbacks and
 * documents no other check (no signature header, no published source addresses, no callback
 * credentials): what authenticates them here is the channel's secret webhook token in the URL,
 * which the route has already matched before the adapter is asked.
 */

// Delivery report `status` values. Sent/Submitted/Buffered are on their way; Success, Failed and
// Rejected are final, and so are AbsentSubscriber (the SIM was unreachable) and Expired (discarded
// by the operator), which the same page lists among the values.
const STATUSES: Record<string, DeliveryStatus> = {
  Sent: 'sent',
  Submitted: 'sent',
  Buffered: 'sent',
  Success: 'delivered',
  Failed: 'failed',
  Rejected: 'failed',
  AbsentSubscriber: 'failed',
  Expired: 'failed',
};

/** A delivery report (`id`, `status`, `phoneNumber`, `networkCode`, `failureReason`, `retryCount`), normalized. */
export function parseAfricasTalkingStatus(req: RawWebhook): StatusEvent[] {
  const fields = fieldsOf(req);
  const id = fields.id;
  const providerStatus = fields.status;
  if (!id || !providerStatus) throw malformedWebhook('id and status are required');
  const reason = fields.failureReason || undefined;
  return [
    {
      providerMessageId: id,
      status: STATUSES[providerStatus] ?? 'unknown',
      occurredAt: new Date(),
      providerStatus,
      errorCode: reason,
      errorMessage: reason ? (AT_FAILURE_REASONS[reason] ?? reason) : undefined,
      // The subscriber blacklisted this sender: recorded as opted out.
      optOut: reason?.toLowerCase() === 'userinblacklist' || undefined,
    },
  ];
}

/** An incoming message (`id`, `from`, `to`, `text`, `date`, `linkId`, `networkCode`), normalized. */
export function parseAfricasTalkingInbound(req: RawWebhook): InboundMessage[] {
  const fields = fieldsOf(req);
  const id = fields.id;
  const from = fields.from;
  if (!id || !from) throw malformedWebhook('id and from are required');
  return [
    {
      providerMessageId: id,
      from,
      to: fields.to || undefined,
      body: fields.text ?? '',
      receivedAt: dateOf(fields.date),
    },
  ];
}

/** The callback's fields: form-encoded as documented; a JSON object is read alike. */
function fieldsOf(req: RawWebhook): Record<string, string> {
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
    return Object.fromEntries(
      Object.entries(body as Record<string, unknown>)
        .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
        .map(([k, v]) => [k, String(v)]),
    );
  }
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw malformedWebhook("Africa's Talking callbacks are application/x-www-form-urlencoded");
  }
  const form = formFields(req.rawBody);
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
}

/** `date` when it names its zone (ISO 8601 with Z or an offset); otherwise the time we received it. */
function dateOf(value: string | undefined): Date {
  if (value && /(?:Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return at;
  }
  return new Date();
}
