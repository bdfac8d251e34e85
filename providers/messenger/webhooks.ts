import { metaEntries, metaTime, text } from '../meta/webhooks.js';
import type { InboundMessage, RawWebhook, StatusEvent, TappedReply } from '../types.js';
import { malformedWebhook } from '../webhooks.js';

type Event = Record<string, unknown>;

/**
 * The `messaging[]` events of this channel's page in one webhook (`object: "page"`); Meta batches
 * several entries and events into one POST. An entry of another page (an app subscribed to several
 * pages posts them all to the one callback URL) is not this channel's.
 * https://developers.facebook.com/docs/messenger-platform/webhooks
 */
function eventsOf(req: RawWebhook, pageId: string | undefined): Event[] {
  const events: Event[] = [];
  for (const entry of metaEntries(req, 'page')) {
    if (pageId && entry.id !== undefined && String(entry.id) !== pageId) continue;
    // Page `changes` (feed and the like) and `standby` events (another app owns the thread) carry
    // nothing for us.
    if (entry.messaging === undefined) continue;
    if (!Array.isArray(entry.messaging)) throw malformedWebhook('entry.messaging must be an array');
    for (const event of entry.messaging) if (event && typeof event === 'object') events.push(event as Event);
  }
  return events;
}

function psidOf(event: Event, side: 'sender' | 'recipient'): string | undefined {
  const id = (event[side] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * Receipts: `delivery` (message_deliveries) maps each of its `mids` to `delivered`; a delivery
 * without mids (older Messenger clients) and every `read` (message_reads, which never carries mids)
 * are watermark receipts: all of the page's messages to that person sent up to the watermark
 * (https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-deliveries,
 * .../message-reads). A `reaction` names a message but is no delivery state: stored as unknown.
 */
export function parseMessengerStatus(req: RawWebhook, pageId: string | undefined): StatusEvent[] {
  const receipts: StatusEvent[] = [];
  for (const event of eventsOf(req, pageId)) {
    const person = psidOf(event, 'sender');
    const delivery = event.delivery as Event | undefined;
    const read = event.read as Event | undefined;
    const reaction = event.reaction as Event | undefined;
    if (delivery) {
      const watermark = metaTime(delivery.watermark, 'ms');
      const mids = Array.isArray(delivery.mids) ? delivery.mids.filter((m) => typeof m === 'string') : [];
      if (mids.length > 0) {
        for (const mid of mids as string[]) {
          receipts.push({
            providerMessageId: mid,
            status: 'delivered',
            occurredAt: watermark ?? new Date(),
            providerStatus: 'delivery',
          });
        }
        continue;
      }
      if (!person || !watermark) throw malformedWebhook('a delivery needs sender.id and a watermark');
      receipts.push(watermarkReceipt(person, 'delivered', watermark, watermark));
    } else if (read) {
      const watermark = metaTime(read.watermark, 'ms');
      if (!person || !watermark) throw malformedWebhook('a read needs sender.id and a watermark');
      receipts.push(
        watermarkReceipt(person, 'read', watermark, metaTime(event.timestamp, 'ms') ?? watermark),
      );
    } else if (reaction) {
      const mid = text(reaction.mid);
      if (!mid) continue;
      receipts.push({
        providerMessageId: mid,
        status: 'unknown',
        occurredAt: metaTime(event.timestamp, 'ms') ?? new Date(),
        providerStatus: `reaction:${text(reaction.action) ?? 'react'}`,
      });
    }
  }
  return receipts;
}

function watermarkReceipt(
  person: string,
  status: 'delivered' | 'read',
  upTo: Date,
  occurredAt: Date,
): StatusEvent {
  return {
    // Only the event's key: one receipt per person, watermark and status, so a replay is a no-op.
    providerMessageId: `watermark:${person}:${upTo.getTime()}`,
    status,
    occurredAt,
    providerStatus: status === 'read' ? 'read' : 'delivery',
    watermark: { recipient: person, upTo },
  };
}

/**
 * Messages people sent to the page (`message` events: text and attachments by URL). Echoes of the
 * page's own messages (`is_echo`) are not inbound. Messenger gives no name, only the PSID.
 */
export function parseMessengerInbound(req: RawWebhook, pageId: string | undefined): InboundMessage[] {
  const messages: InboundMessage[] = [];
  for (const event of eventsOf(req, pageId)) {
    const postback = event.postback as Event | undefined;
    if (postback) {
      // A button the person tapped (Get Started, a persistent menu item, a template button): it opens
      // the 24-hour window like a message, its title as the body.
      const from = psidOf(event, 'sender');
      // From the chat plugin a sender may be only a `user_ref`, no PSID: nobody to store it for.
      if (!from) continue;
      const at = metaTime(event.timestamp, 'ms') ?? new Date();
      const reply: TappedReply = { kind: 'postback', payload: text(postback.payload) };
      messages.push({
        providerMessageId: text(postback.mid) ?? `postback:${from}:${at.getTime()}`,
        from,
        to: psidOf(event, 'recipient'),
        body: text(postback.title) ?? '',
        receivedAt: at,
        metadata: { reply },
      });
      continue;
    }
    const message = event.message as Event | undefined;
    if (!message || message.is_echo === true) continue;
    const mid = text(message.mid);
    const from = psidOf(event, 'sender');
    if (!mid || !from) throw malformedWebhook('a message needs message.mid and sender.id');
    const mediaUrls = (Array.isArray(message.attachments) ? (message.attachments as Event[]) : [])
      .map((a) => text((a?.payload as Event | undefined)?.url))
      .filter((u): u is string => !!u?.startsWith('https://'));
    const quick = message.quick_reply as Event | undefined;
    const reply: TappedReply | undefined = quick
      ? { kind: 'quick_reply', payload: text(quick.payload) }
      : undefined;
    messages.push({
      providerMessageId: mid,
      from,
      to: psidOf(event, 'recipient'),
      body: text(message.text) ?? '',
      mediaUrls: mediaUrls.length > 0 ? mediaUrls : undefined,
      receivedAt: metaTime(event.timestamp, 'ms') ?? new Date(),
      ...(reply ? { metadata: { reply } } : {}),
    });
  }
  return messages;
}
