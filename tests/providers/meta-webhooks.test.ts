import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMessengerInbound, parseMessengerStatus } from '../../providers/messenger/webhooks.js';
import { verifyHubSignature } from '../../providers/meta/webhooks.js';
import type { RawWebhook } from '../../providers/types.js';
import { parameterText, whatsappMessage } from '../../providers/whatsapp/payload.js';
import { parseWhatsAppInbound, parseWhatsAppStatus } from '../../providers/whatsapp/webhooks.js';
import { BadRequestError } from '../../src/errors.js';

const post = (body: unknown): RawWebhook => ({
  method: 'POST',
  url: 'https://hooks.example.com/v1/webhooks/whatsapp/tok',
  headers: { 'content-type': 'application/json' },
  query: {},
  rawBody: typeof body === 'string' ? body : JSON.stringify(body),
});

const PHONE = '106540352242922';
const options = { phoneNumberId: PHONE, apiVersion: 'v21.0' };
const whatsapp = (value: Record<string, unknown>) =>
  post({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE },
              ...value,
            },
          },
        ],
      },
    ],
  });

describe('X-Hub-Signature-256', () => {
  const secret = 'an-app-secret-of-16+';
  const body = '{"object":"page","entry":[]}';
  const sign = (b: string) => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;
  const req = (signature: string | undefined): RawWebhook => ({
    ...post(body),
    headers: signature ? { 'x-hub-signature-256': signature } : {},
  });

  it('accepts the HMAC-SHA256 of the raw body with the app secret, upper- or lower-case hex', () => {
    expect(verifyHubSignature(req(sign(body)), secret)).toBe(true);
    expect(verifyHubSignature(req(`sha256=${sign(body).slice(7).toUpperCase()}`), secret)).toBe(true);
  });

  it('refuses no header, the legacy sha1 header alone, another body or secret, or no secret', () => {
    expect(verifyHubSignature(req(undefined), secret)).toBe(false);
    expect(verifyHubSignature(req(`sha1=${'0'.repeat(40)}`), secret)).toBe(false);
    expect(verifyHubSignature(req(sign(`${body} `)), secret)).toBe(false);
    expect(verifyHubSignature(req(sign(body)), 'another-app-secret!')).toBe(false);
    expect(verifyHubSignature(req(sign(body)), undefined)).toBe(false);
  });
});

describe('WhatsApp status webhooks', () => {
  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['failed', 'failed'],
    ['played', 'unknown'],
    ['something_new', 'unknown'],
  ])('maps %s to %s, at Meta’s timestamp', (word, status) => {
    const [event] = parseWhatsAppStatus(
      whatsapp({
        statuses: [{ id: 'wamid.1', status: word, timestamp: '1700000000', recipient_id: '1650' }],
      }),
      options,
    );
    expect(event).toMatchObject({ providerMessageId: 'wamid.1', status, providerStatus: word });
    expect(event!.occurredAt.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('keeps the code and words of a failure', () => {
    const [event] = parseWhatsAppStatus(
      whatsapp({
        statuses: [
          {
            id: 'wamid.1',
            status: 'failed',
            timestamp: '1700000000',
            errors: [
              { code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours' } },
            ],
          },
        ],
      }),
      options,
    );
    expect(event).toMatchObject({
      errorCode: '131047',
      errorMessage: 'Re-engagement message: More than 24 hours',
    });
  });

  it('refuses a status without id, and a body that is not a WhatsApp webhook', () => {
    expect(() => parseWhatsAppStatus(whatsapp({ statuses: [{ status: 'sent' }] }), options)).toThrow(
      BadRequestError,
    );
    expect(() => parseWhatsAppStatus(post({ object: 'page', entry: [] }), options)).toThrow(BadRequestError);
    expect(() => parseWhatsAppStatus(post('not json'), options)).toThrow(BadRequestError);
  });
});

describe('WhatsApp messages', () => {
  const message = (fields: Record<string, unknown>) =>
    parseWhatsAppInbound(
      whatsapp({
        contacts: [{ profile: { name: 'Sheena' }, wa_id: '16505551234' }],
        messages: [{ from: '16505551234', id: 'wamid.in', timestamp: '1700000000', ...fields }],
      }),
      options,
    )[0]!;

  it('reads the text, the sender in E.164, the profile name and the business number', () => {
    expect(message({ type: 'text', text: { body: 'Does it come in blue?' } })).toMatchObject({
      providerMessageId: 'wamid.in',
      from: '+16505551234',
      fromName: 'Sheena',
      to: '+15550783881',
      body: 'Does it come in blue?',
    });
  });

  it.each([
    [
      { type: 'image', image: { id: '123', caption: 'a cat' } },
      'a cat',
      'https://graph.facebook.com/v21.0/123',
    ],
    [
      { type: 'document', document: { id: '456', filename: 'x.pdf' } },
      '',
      'https://graph.facebook.com/v21.0/456',
    ],
    [{ type: 'button', button: { text: 'Stop promotions', payload: 'STOP' } }, 'Stop promotions', undefined],
    [
      {
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: '1', title: 'Tomorrow' } },
      },
      'Tomorrow',
      undefined,
    ],
    [
      { type: 'location', location: { latitude: -6.8, longitude: 39.28, name: 'Office' } },
      'Office (-6.8,39.28)',
      undefined,
    ],
    [{ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }, '👍', undefined],
    [{ type: 'unsupported', errors: [{ code: 131051 }] }, '', undefined],
  ])('reads the text and media of %j', (fields, body, media) => {
    const parsed = message(fields);
    expect(parsed.body).toBe(body);
    expect(parsed.mediaUrls?.[0]).toBe(media);
  });

  it('keeps what a reaction answers, and stores no reaction taken back nor a system message', () => {
    expect(message({ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }).metadata).toEqual({
      reaction_to: 'wamid.x',
    });
    const none = (fields: Record<string, unknown>) =>
      parseWhatsAppInbound(
        whatsapp({ messages: [{ from: '16505551234', id: 'wamid.s', timestamp: '1700000000', ...fields }] }),
        options,
      );
    expect(none({ type: 'reaction', reaction: { message_id: 'wamid.x' } })).toEqual([]);
    // WhatsApp writes it when the user changes number; `from` is the old number.
    expect(
      none({
        type: 'system',
        system: { body: 'User A changed from +1 650-555-1234 to +1 650-555-9999', wa_id: '16505559999' },
      }),
    ).toEqual([]);
  });

  it('marks a tapped button or list row with its payload', () => {
    expect(
      message({ type: 'button', button: { text: 'Stop promotions', payload: 'STOP' } }).metadata,
    ).toEqual({
      reply: { kind: 'button', payload: 'STOP' },
    });
    expect(
      message({
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: '1', title: 'Tomorrow' } },
      }).metadata,
    ).toEqual({ reply: { kind: 'list', payload: '1' } });
    expect(message({ type: 'text', text: { body: 'STOP' } }).metadata).toBeUndefined();
  });

  it('refuses a message without a sender', () => {
    expect(() =>
      parseWhatsAppInbound(
        whatsapp({ messages: [{ id: 'wamid.x', type: 'text', text: { body: 'x' } }] }),
        options,
      ),
    ).toThrow(BadRequestError);
  });
});

describe('WhatsApp requests', () => {
  const base = { messageId: 'm-1', to: '+16505551234', attempt: 1 };

  it('sends a bare audio file as audio, with no caption', () => {
    expect(whatsappMessage({ ...base, body: ' ', mediaUrl: 'https://x.test/a.mp3' })).toMatchObject({
      type: 'audio',
      audio: { link: 'https://x.test/a.mp3' },
    });
  });

  it('keeps a template parameter on one line with at most four spaces', () => {
    expect(parameterText('a\r\nb\tc      d')).toBe('a b c    d');
  });
});

describe('Messenger webhooks', () => {
  const PAGE = '1234567890';
  const page = (...messaging: Record<string, unknown>[]) =>
    post({ object: 'page', entry: [{ id: PAGE, time: 1700000000000, messaging }] });

  it('maps each delivered mid, and a delivery without mids to a watermark receipt', () => {
    const withMids = parseMessengerStatus(
      page({
        sender: { id: '42' },
        recipient: { id: PAGE },
        delivery: { mids: ['m_1', 'm_2'], watermark: 1700000000000 },
      }),
      PAGE,
    );
    expect(withMids.map((e) => [e.providerMessageId, e.status, e.watermark])).toEqual([
      ['m_1', 'delivered', undefined],
      ['m_2', 'delivered', undefined],
    ]);
    const [bare] = parseMessengerStatus(
      page({ sender: { id: '42' }, recipient: { id: PAGE }, delivery: { watermark: 1700000000000 } }),
      PAGE,
    );
    expect(bare).toMatchObject({
      providerMessageId: 'watermark:42:1700000000000',
      status: 'delivered',
      watermark: { recipient: '42', upTo: new Date(1700000000000) },
    });
  });

  it('reads a read event as a watermark receipt at the time it was read', () => {
    const [read] = parseMessengerStatus(
      page({
        sender: { id: '42' },
        recipient: { id: PAGE },
        timestamp: 1700000009000,
        read: { watermark: 1700000000000 },
      }),
      PAGE,
    );
    expect(read).toMatchObject({ status: 'read', occurredAt: new Date(1700000009000) });
    expect(read!.watermark?.upTo).toEqual(new Date(1700000000000));
  });

  it('reads messages, not echoes; a message without sender or mid is refused', () => {
    const events = [
      {
        sender: { id: '42' },
        recipient: { id: PAGE },
        timestamp: 1700000000000,
        message: { mid: 'm_in', text: 'hi' },
      },
      {
        sender: { id: PAGE },
        recipient: { id: '42' },
        timestamp: 1700000000000,
        message: { mid: 'm_echo', is_echo: true, text: 'us' },
      },
    ];
    const inbound = parseMessengerInbound(page(...events), PAGE);
    expect(inbound).toEqual([
      expect.objectContaining({ providerMessageId: 'm_in', from: '42', to: PAGE, body: 'hi' }),
    ]);
    // Receipts and messages come on the same URL: each parser keeps to its own kind.
    expect(parseMessengerStatus(page(...events), PAGE)).toEqual([]);
    expect(() =>
      parseMessengerInbound(page({ recipient: { id: PAGE }, message: { mid: 'm_x' } }), PAGE),
    ).toThrow(BadRequestError);
  });
});
