import type { DeliveryStatus, InboundMessage, RawWebhook, StatusEvent } from '../types.js';
import { formFields, malformedWebhook } from '../webhooks.js';

// The statuses of an SMS status report (https://developers.messagebird.com/api/sms-messaging/#handle-a-status-report).
const STATUSES: Record<string, DeliveryStatus> = {
  scheduled: 'queued',
  sent: 'sent',
  // Accepted by the carrier, not delivered yet (the handset may be off): still on its way.
  buffered: 'queued',
  delivered: 'delivered',
  expired: 'failed',
  delivery_failed: 'failed',
};

/**
 * An SMS status report: a GET to the message's `reportUrl` with `id`, `reference` (our message id),
 * `recipient`, `status`, `statusReason`, `statusErrorCode`, `statusDatetime` (and `mccmnc`,
 * `ported`, `price[...]`) in its query. The same fields in a POST body are read too.
 */
export function parseMessageBirdStatus(req: RawWebhook): StatusEvent[] {
  const fields = fieldsOf(req);
  const id = fields.id;
  const providerStatus = fields.status;
  if (!id || !providerStatus) throw malformedWebhook('id and status are required');
  const errorCode = fields.statusErrorCode || undefined;
  return [
    {
      providerMessageId: id,
      status: STATUSES[providerStatus] ?? 'unknown',
      occurredAt: dateOf(fields.statusDatetime),
      providerStatus,
      errorCode,
      errorMessage: fields.statusReason || undefined,
    },
  ];
}

/**
 * An incoming SMS forwarded by the number's flow (Flow Builder "Forward to URL", POST as JSON or a
 * form, or GET): `id`, `originator` (the sender's MSISDN), `recipient` (our number), `body`,
 * `createdDatetime`. MSISDNs come without `+`: the sender is returned in E.164 when it is one.
 */
export function parseMessageBirdInbound(req: RawWebhook): InboundMessage[] {
  const fields = fieldsOf(req);
  const id = fields.id;
  const originator = fields.originator;
  if (!id || !originator) throw malformedWebhook('id and originator are required');
  const to = fields.recipient ?? fields.receiver;
  return [
    {
      providerMessageId: id,
      from: msisdn(originator),
      to: to ? msisdn(to) : undefined,
      body: fields.body ?? fields.payload ?? fields.message ?? '',
      receivedAt: dateOf(fields.createdDatetime),
    },
  ];
}

/** The webhook's fields: the query of a GET, else the JSON or form body (the query filling gaps). */
function fieldsOf(req: RawWebhook): Record<string, string | undefined> {
  if (req.method === 'GET' || req.rawBody.trim() === '') return { ...req.query };
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  let body: Record<string, unknown>;
  if (type.startsWith('application/x-www-form-urlencoded')) {
    body = formFields(req.rawBody);
  } else {
    try {
      body = JSON.parse(req.rawBody) as Record<string, unknown>;
    } catch {
      throw malformedWebhook('the body is neither JSON nor a form');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw malformedWebhook('the body is not a JSON object');
    }
  }
  const fields: Record<string, string | undefined> = { ...req.query };
  for (const [key, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[key] = first;
    else if (typeof first === 'number') fields[key] = String(first);
  }
  return fields;
}

function msisdn(value: string): string {
  const trimmed = value.trim();
  return /^\d{7,15}$/.test(trimmed) ? `+${trimmed}` : trimmed;
}

function dateOf(value: string | undefined): Date {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? new Date() : new Date(at);
}
