import { GRAPH_API } from '../meta/graph.js';
import { metaEntries, metaTime, text } from '../meta/webhooks.js';
import type { DeliveryStatus, InboundMessage, RawWebhook, StatusEvent, TappedReply } from '../types.js';
import { malformedWebhook } from '../webhooks.js';
import { WHATSAPP_ERRORS } from './errors.js';

/** What parsing needs to know about the channel. */
export type WhatsAppWebhookOptions = {
  /** Changes for another number of the same WhatsApp Business Account are not this channel's. */
  phoneNumberId: string;
  apiVersion: string;
};

type Value = Record<string, unknown>;

// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/reference/messages/status
// `played` (a voice message was played) says nothing a read receipt has not: stored and ignored.
const STATUSES: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

/**
 * The `messages` field changes of this channel's number in one webhook: Meta batches several
 * entries (one per business account), changes, statuses and messages into one POST.
 */
function valuesOf(req: RawWebhook, options: WhatsAppWebhookOptions): Value[] {
  const values: Value[] = [];
  for (const entry of metaEntries(req, 'whatsapp_business_account')) {
    if (!Array.isArray(entry.changes)) throw malformedWebhook('entry.changes must be an array');
    for (const change of entry.changes as { field?: unknown; value?: unknown }[]) {
      // Other fields (template status, account updates...) carry no message.
      if (change?.field !== 'messages' || !change.value || typeof change.value !== 'object') continue;
      const value = change.value as Value;
      const phoneNumberId = (value.metadata as Value | undefined)?.phone_number_id;
      if (phoneNumberId !== undefined && String(phoneNumberId) !== options.phoneNumberId) continue;
      values.push(value);
    }
  }
  return values;
}

/** `statuses[]` (sent, delivered, read, failed with `errors[]`), normalized. */
export function parseWhatsAppStatus(req: RawWebhook, options: WhatsAppWebhookOptions): StatusEvent[] {
  const events: StatusEvent[] = [];
  for (const value of valuesOf(req, options)) {
    if (value.statuses === undefined) continue;
    if (!Array.isArray(value.statuses)) throw malformedWebhook('statuses must be an array');
    for (const status of value.statuses as Value[]) {
      const id = text(status?.id);
      const word = text(status?.status);
      if (!id || !word) throw malformedWebhook('a status needs id and status');
      const error = firstError(status.errors);
      events.push({
        providerMessageId: id,
        status: STATUSES[word] ?? 'unknown',
        occurredAt: metaTime(status.timestamp, 's') ?? new Date(),
        providerStatus: word,
        errorCode: error?.code,
        errorMessage: error?.message ?? (error?.code ? WHATSAPP_ERRORS[error.code]?.message : undefined),
        // Meta reports some send errors only by webhook (131047: outside the 24-hour window).
        failureCode:
          error?.code && WHATSAPP_ERRORS[error.code]?.kind === 'outside_session_window'
            ? 'outside_session_window'
            : undefined,
      });
    }
  }
  return events;
}

/** `messages[]` sent by WhatsApp users, with the profile names of `contacts[]`, normalized. */
export function parseWhatsAppInbound(req: RawWebhook, options: WhatsAppWebhookOptions): InboundMessage[] {
  const messages: InboundMessage[] = [];
  for (const value of valuesOf(req, options)) {
    if (value.messages === undefined) continue;
    if (!Array.isArray(value.messages)) throw malformedWebhook('messages must be an array');
    const names = new Map<string, string>();
    for (const contact of Array.isArray(value.contacts) ? (value.contacts as Value[]) : []) {
      const waId = text(contact?.wa_id);
      const name = text((contact?.profile as Value | undefined)?.name);
      if (waId && name) names.set(waId, name);
    }
    const display = text((value.metadata as Value | undefined)?.display_phone_number);
    for (const message of value.messages as Value[]) {
      const id = text(message?.id);
      const waId = text(message?.from);
      // A user who adopted a username may come with a business-scoped user id instead of a number:
      // kept on the message, it cannot be a contact's phone.
      const from = waId ? toE164(waId) : text(message?.from_user_id);
      if (!id || !from) throw malformedWebhook('a message needs id and from');
      // Written by WhatsApp, not the user (`system`: a changed number, `from` the old one), or a
      // reaction taken back (no emoji): not a message, and no reason to open the 24-hour window.
      const type = text(message.type);
      const reaction = type === 'reaction' ? (message.reaction as Value | undefined) : undefined;
      if (type === 'system' || (type === 'reaction' && !text(reaction?.emoji))) continue;
      const media = mediaOf(message, options);
      const reply = tappedReply(message);
      messages.push({
        providerMessageId: id,
        from,
        fromName: waId ? names.get(waId) : undefined,
        to: display ? toE164(display) : undefined,
        body: bodyOf(message),
        mediaUrls: media ? [media] : undefined,
        receivedAt: metaTime(message.timestamp, 's') ?? new Date(),
        metadata: reply ? { reply } : reaction ? { reaction_to: text(reaction.message_id) } : undefined,
      });
    }
  }
  return messages;
}

/** WhatsApp ids are E.164 digits without the plus. */
function toE164(digits: string): string {
  return /^\d{6,15}$/.test(digits) ? `+${digits}` : digits;
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

/** A template button (`button`) or an interactive button or list row the user tapped, with its payload. */
function tappedReply(message: Value): TappedReply | undefined {
  const type = text(message.type);
  const part = (type ? message[type] : undefined) as Value | undefined;
  if (type === 'button') return { kind: 'button', payload: text(part?.payload) };
  if (type !== 'interactive') return undefined;
  if (part?.button_reply) return { kind: 'button', payload: text((part.button_reply as Value).id) };
  if (part?.list_reply) return { kind: 'list', payload: text((part.list_reply as Value).id) };
  return undefined;
}

/** The text a user sent, whatever the message type (a caption, a button's title, a location). */
function bodyOf(message: Value): string {
  const type = text(message.type);
  const part = (type ? message[type] : undefined) as Value | undefined;
  switch (type) {
    case 'text':
      return text(part?.body) ?? '';
    case 'button':
      return text(part?.text) ?? '';
    case 'interactive': {
      const reply = (part?.button_reply ?? part?.list_reply) as Value | undefined;
      return text(reply?.title) ?? '';
    }
    case 'reaction':
      return text(part?.emoji) ?? '';
    case 'location': {
      const place = [text(part?.name), text(part?.address)].filter(Boolean).join(', ');
      const where = `${part?.latitude ?? ''},${part?.longitude ?? ''}`;
      return place ? `${place} (${where})` : where;
    }
    case 'system':
      return text(part?.body) ?? '';
    default:
      return (MEDIA_TYPES as readonly string[]).includes(type ?? '') ? (text(part?.caption) ?? '') : '';
  }
}

/**
 * Incoming media are referenced by a media id: the URL of the media object on the Graph API
 * (`GET` it with the channel's access token for a download URL), or the `url` Meta includes.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media
 */
function mediaOf(message: Value, options: WhatsAppWebhookOptions): string | undefined {
  const type = text(message.type);
  if (!type || !(MEDIA_TYPES as readonly string[]).includes(type)) return undefined;
  const part = message[type] as Value | undefined;
  const url = text(part?.url);
  if (url?.startsWith('https://')) return url;
  const id = text(part?.id);
  return id && /^\d+$/.test(id) ? `${GRAPH_API}/${options.apiVersion}/${id}` : undefined;
}

function firstError(errors: unknown): { code?: string; message?: string } | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const e = errors[0] as Value;
  const code = typeof e.code === 'number' || typeof e.code === 'string' ? String(e.code) : undefined;
  const details = text((e.error_data as Value | undefined)?.details);
  const words = [text(e.title) ?? text(e.message), details].filter(Boolean);
  return { code, message: words.length > 0 ? [...new Set(words)].join(': ') : undefined };
}
