import { fileNameOf, type MediaKind, whatsappMediaKindOf } from '../meta/media.js';
import type { OutboundMessage, ProviderTemplate } from '../types.js';

/**
 * The body of `POST /{phone-number-id}/messages` for one message
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages):
 * - a template (`type: template`) when the message has one: its name, language and our variables as
 *   body parameters in order; a `media_url` becomes the header's media (image, video or document);
 * - else media (`image`/`video`/`audio`/`document` with `link`), chosen by the file's extension, the
 *   body as caption. Audio takes no caption, so an audio file with a body goes as a document with the
 *   body as caption: nothing the user wrote is dropped and one message stays one WhatsApp message;
 * - else text, with a link preview when the body holds a URL.
 * Our message id rides along as `biz_opaque_callback_data` (echoed in status webhooks).
 */
export function whatsappMessage(msg: OutboundMessage): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: msg.to,
    biz_opaque_callback_data: msg.messageId,
  };
  if (msg.template)
    return { ...base, type: 'template', template: templateObject(msg.template, msg.mediaUrl) };
  if (msg.mediaUrl) {
    const kind = whatsappMediaKindOf(msg.mediaUrl);
    const caption = msg.body.trim() ? msg.body : undefined;
    if (kind === 'audio' && !caption) return { ...base, type: 'audio', audio: { link: msg.mediaUrl } };
    if (kind === 'image' || kind === 'video') {
      return { ...base, type: kind, [kind]: { link: msg.mediaUrl, ...(caption ? { caption } : {}) } };
    }
    const document = {
      link: msg.mediaUrl,
      ...(caption ? { caption } : {}),
      ...(fileNameOf(msg.mediaUrl) ? { filename: fileNameOf(msg.mediaUrl) } : {}),
    };
    return { ...base, type: 'document', document };
  }
  return {
    ...base,
    type: 'text',
    text: { body: msg.body, preview_url: /https?:\/\//i.test(msg.body) },
  };
}

function templateObject(template: ProviderTemplate, mediaUrl: string | undefined) {
  const components: Record<string, unknown>[] = [];
  if (mediaUrl) {
    // A template header takes an image, a video or a document (no audio).
    const found = whatsappMediaKindOf(mediaUrl);
    const kind: MediaKind = found === 'audio' ? 'document' : found;
    components.push({ type: 'header', parameters: [{ type: kind, [kind]: { link: mediaUrl } }] });
  }
  if (template.parameters.length > 0) {
    components.push({
      type: 'body',
      parameters: template.parameters.map((value) => ({ type: 'text', text: parameterText(value) })),
    });
  }
  return {
    name: template.name,
    language: { code: template.language },
    ...(components.length > 0 ? { components } : {}),
  };
}

/**
 * Meta refuses a text parameter holding new lines, tabs or more than four consecutive spaces
 * (template parameter error): a value from a contact attribute may, so they become single spaces.
 */
export function parameterText(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(/ {5,}/g, '    ');
}
