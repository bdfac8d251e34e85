import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappMessage } from '../../providers/whatsapp/payload.js';
import { as, waitFor } from '../dispatch/support.js';
import {
  type ContractEnv,
  createChannel,
  deliver,
  getMessage,
  openSessions,
  PUBLIC_BASE_URL,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { hubSignature } from './peers/graph.js';
import { WhatsAppPeer } from './peers/whatsapp.js';

let c: ContractEnv;
let peer: WhatsAppPeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await WhatsAppPeer.start();
});
afterAll(async () => {
  await peer?.close();
  await stopContractEnv(c);
});

const fieldsOf = (providerMessageId: string): any => {
  const found = peer.sent.find((s) => s.providerMessageId === providerMessageId);
  expect(found, 'the peer received the send').toBeDefined();
  return found!.fields;
};

async function createContact(body: Record<string, unknown>): Promise<any> {
  const res = await c.t.request('POST', '/v1/contacts', { ...as(c.owner), body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function createTemplate(body: Record<string, unknown>): Promise<any> {
  const res = await c.t.request('POST', '/v1/templates', {
    ...as(c.owner),
    body: { name: `WA ${randomBytes(3).toString('hex')}`, ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function postMessage(body: Record<string, unknown>): Promise<any> {
  const res = await c.t.request('POST', '/v1/messages', { ...as(c.owner), body });
  expect(res.status, res.text).toBe(202);
  return res.body;
}

/** Meta's GET to the callback URL (no body). */
function handshake(call: { url: string }) {
  return c.t.request('GET', call.url.slice(PUBLIC_BASE_URL.length));
}

async function inboundOf(channelId: string): Promise<any[]> {
  const res = await c.t.request(
    'GET',
    `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channelId}&page_size=100`,
    as(c.owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

describe('WhatsApp sends', () => {
  it('sends text from the channel’s phone number id, with our message id as callback data', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    await openSessions(c, peer, channel, [to]);
    const created = await sendTo(c, channel.id, to, { message_body: 'See https://example.com/order' });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sent.provider_message_id).toMatch(/^wamid\./);
    expect(fieldsOf(sent.provider_message_id)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      biz_opaque_callback_data: created.id,
      type: 'text',
      text: { body: 'See https://example.com/order', preview_url: true },
    });
  });

  it('sends media by link, chosen by type, the body as caption (audio with a body as a document)', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    await openSessions(c, peer, channel, [to]);
    const cases = [
      [
        'https://cdn.example.com/p/photo.JPG',
        'image',
        { link: 'https://cdn.example.com/p/photo.JPG', caption: 'Look' },
      ],
      [
        'https://cdn.example.com/clip.mp4',
        'video',
        { link: 'https://cdn.example.com/clip.mp4', caption: 'Look' },
      ],
      [
        'https://cdn.example.com/files/Invoice%2017.pdf',
        'document',
        {
          link: 'https://cdn.example.com/files/Invoice%2017.pdf',
          caption: 'Look',
          filename: 'Invoice 17.pdf',
        },
      ],
      [
        'https://cdn.example.com/note.ogg',
        'document',
        { link: 'https://cdn.example.com/note.ogg', caption: 'Look', filename: 'note.ogg' },
      ],
    ] as const;
    for (const [mediaUrl, type, part] of cases) {
      const created = await sendTo(c, channel.id, to, { message_body: 'Look', media_url: mediaUrl });
      const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', `sent ${type}`);
      const fields = fieldsOf(sent.provider_message_id);
      expect(fields.type).toBe(type);
      expect(fields[type]).toEqual(part);
    }
  });

  it('sends as a document what WhatsApp does not take as an image, a video or audio', () => {
    const typeOf = (file: string, template?: boolean) => {
      const payload = whatsappMessage({
        messageId: 'm1',
        to: '+255712000001',
        body: '',
        attempt: 1,
        mediaUrl: `https://cdn.example.com/${file}`,
        ...(template ? { template: { name: 'promo', language: 'en_US', parameters: [] } } : {}),
      }) as any;
      return template ? payload.template.components[0].parameters[0].type : payload.type;
    };
    // Images JPEG/PNG, videos MP4/3GPP, audio AAC/AMR/MP3/M4A/OGG (Cloud API supported media types).
    for (const [file, type] of [
      ['a.jpg', 'image'],
      ['a.PNG', 'image'],
      ['a.mp4', 'video'],
      ['a.3gp', 'video'],
      ['a.mp3', 'audio'],
      ['a.ogg', 'audio'],
      ['a.gif', 'document'],
      ['a.webp', 'document'],
      ['a.mov', 'document'],
      ['a.wav', 'document'],
      ['a.opus', 'document'],
    ] as const) {
      expect(typeOf(file), file).toBe(type);
    }
    // A template header takes no GIF as an image either.
    expect(typeOf('banner.gif', true)).toBe('document');
    expect(typeOf('banner.png', true)).toBe('image');
  });

  it('sends a WhatsApp template by name and language, its variables as body parameters in order', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const template = await createTemplate({
      channel_type: 'whatsapp',
      external_template_id: 'order_shipped',
      language: 'en_US',
      message_body: 'Hi {FIRST_NAME}, order {ORDER} left on {DAY}. Thanks {FIRST_NAME}!',
    });
    expect(template.variables).toEqual(['FIRST_NAME', 'ORDER', 'DAY']);
    // Never wrote to the channel: a template needs no open window.
    const contact = await createContact({ first_name: 'Amina', phone: peer.recipient(next()) });
    const created = await postMessage({
      channel_id: channel.id,
      contact_id: contact.id,
      template_id: template.id,
      variables: { ORDER: 'A-17', DAY: 'Monday\nmorning' },
    });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'template sent');
    expect(sent.message_body).toBe('Hi Amina, order A-17 left on Monday\nmorning. Thanks Amina!');
    const fields = fieldsOf(sent.provider_message_id);
    expect(fields.type).toBe('template');
    expect(fields.template).toEqual({
      name: 'order_shipped',
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Amina' },
            { type: 'text', text: 'A-17' },
            // Meta refuses new lines in a parameter.
            { type: 'text', text: 'Monday morning' },
          ],
        },
      ],
    });
    // With media_url, the media fills the template's header.
    const withMedia = await postMessage({
      channel_id: channel.id,
      contact_id: contact.id,
      template_id: template.id,
      variables: { ORDER: 'A-18', DAY: 'Tuesday' },
      media_url: 'https://cdn.example.com/banner.png',
    });
    const sentWithMedia = await waitForMessage(c, withMedia.id, (m) => m.status === 'sent', 'sent');
    expect(fieldsOf(sentWithMedia.provider_message_id).template.components[0]).toEqual({
      type: 'header',
      parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/banner.png' } }],
    });
  });

  it('sends a broadcast of a template with each recipient’s own parameters', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const template = await createTemplate({
      channel_type: 'whatsapp',
      external_template_id: 'promo',
      language: 'sw',
      message_body: 'Habari {FIRST_NAME}',
    });
    const people = [
      await createContact({ first_name: 'Juma', phone: peer.recipient(next()) }),
      await createContact({ first_name: 'Neema', phone: peer.recipient(next()) }),
    ];
    const group = await c.t.request('POST', '/v1/contact-groups', {
      ...as(c.owner),
      body: { name: `WA ${randomBytes(3).toString('hex')}` },
    });
    await c.t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
      ...as(c.owner),
      body: { contact_ids: people.map((p) => p.id) },
    });
    const created = await c.t.request('POST', '/v1/group-messages', {
      ...as(c.owner),
      body: {
        name: 'Promo',
        channel_id: channel.id,
        template_id: template.id,
        contact_group_ids: [group.body.id],
        status: 'queued',
      },
    });
    expect(created.status, created.text).toBe(201);
    const messages = await waitFor(async () => {
      const res = await c.t.request(
        'GET',
        `/v1/messages?filter=group_message_id:eq:${created.body.id}`,
        as(c.owner),
      );
      return res.body.items.every((m: any) => m.status === 'sent') && res.body.items.length === 2
        ? res.body.items
        : undefined;
    }, 'broadcast sent');
    const parameters = messages
      .map((m: any) => fieldsOf(m.provider_message_id).template.components[0].parameters[0].text)
      .sort();
    expect(parameters).toEqual(['Juma', 'Neema']);
  });

  it('refuses a WhatsApp template without its language (422), and fails one stored without it before any call', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const body = { channel_type: 'whatsapp', external_template_id: 'no_language', message_body: 'Hello' };
    const refused = await c.t.request('POST', '/v1/templates', {
      ...as(c.owner),
      body: { name: 'WA', ...body },
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'language' })]);
    const template = await createTemplate({ ...body, language: 'en_US' });
    const cleared = await c.t.request('PATCH', `/v1/templates/${template.id}`, {
      ...as(c.owner),
      body: { language: null },
    });
    expect(cleared.status, cleared.text).toBe(422);
    // Without external_template_id it is free text, which needs no language.
    const freeText = await c.t.request('PATCH', `/v1/templates/${template.id}`, {
      ...as(c.owner),
      body: { external_template_id: null, language: null },
    });
    expect(freeText.status, freeText.text).toBe(200);
    // A template stored before this rule: the send fails with template_invalid, the provider uncalled.
    await c.env.sql.query(`UPDATE templates SET external_template_id = 'no_language' WHERE id = $1`, [
      template.id,
    ]);
    const before = peer.requests;
    const created = await postMessage({
      channel_id: channel.id,
      delivery_address: peer.recipient(next()),
      template_id: template.id,
    });
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details.code).toBe('template_invalid');
    expect(peer.requests).toBe(before);
  });
});

describe('WhatsApp customer service window', () => {
  it('fails a free-form message to someone who never wrote with outside_session_window, before any call', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const before = peer.requests;
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({ code: 'outside_session_window', retryable: false });
    expect(failed.attempts).toBe(0);
    expect(peer.requests).toBe(before);
  });

  it('stores a tapped button with its payload, and never reads its title as a consent keyword', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const waId = to.slice(1);
    const now = String(Math.floor(Date.now() / 1000));
    const id = () => `wamid.${randomBytes(8).toString('hex')}`;
    const taps = peer.webhook(channel, {
      messages: [
        // A template's quick-reply button, then an interactive button and a list row, all titled "Cancel".
        {
          from: waId,
          id: id(),
          timestamp: now,
          type: 'button',
          button: { payload: 'cancel_appt', text: 'Cancel' },
        },
        {
          from: waId,
          id: id(),
          timestamp: now,
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'b-cancel', title: 'Cancel' } },
        },
        {
          from: waId,
          id: id(),
          timestamp: now,
          type: 'interactive',
          interactive: {
            type: 'list_reply',
            list_reply: { id: 'l-cancel', title: 'Cancel', description: 'x' },
          },
        },
      ],
    });
    expect((await deliver(c.t, taps)).status).toBe(200);
    const items = await waitFor(async () => {
      const list = await inboundOf(channel.id);
      return list.length === 3 ? list : undefined;
    }, 'the taps stored');
    expect(items.map((m) => m.metadata.reply).sort((a, b) => a.payload.localeCompare(b.payload))).toEqual([
      { kind: 'button', payload: 'b-cancel' },
      { kind: 'button', payload: 'cancel_appt' },
      { kind: 'list', payload: 'l-cancel' },
    ]);
    expect(items.every((m) => m.message_body === 'Cancel')).toBe(true);
    const optOuts = await c.env.sql.query('SELECT 1 FROM opt_outs WHERE account_id = $1 AND address = $2', [
      c.owner.accountId,
      to,
    ]);
    expect(optOuts.rows).toEqual([]);
  });

  it('fails with outside_session_window a free-form message Meta refuses by webhook with 131047', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    await openSessions(c, peer, channel, [to]);
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const refused = peer.receipt(channel, sent.provider_message_id, 'failed', {
      code: 131047,
      title: 'Re-engagement message',
    });
    expect((await deliver(c.t, refused)).status).toBe(200);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({ code: 'outside_session_window', provider_code: '131047' });
    // Any other failure stays a delivery failure.
    const other = await sendTo(c, channel.id, to);
    const otherSent = await waitForMessage(c, other.id, (m) => m.status === 'sent', 'sent');
    expect((await deliver(c.t, peer.receipt(channel, otherSent.provider_message_id, 'failed'))).status).toBe(
      200,
    );
    const undelivered = await waitForMessage(c, other.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(undelivered.error_details).toMatchObject({ code: 'delivery_failed', provider_code: '131026' });
  });

  it('counts the window from the contact’s last message: 25 hours ago is too old, a new one reopens it', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const waId = to.slice(1);
    const old = Math.floor(Date.now() / 1000) - 25 * 3600;
    const late = peer.webhook(channel, {
      messages: [
        {
          from: waId,
          id: `wamid.${randomBytes(8).toString('hex')}`,
          timestamp: String(old),
          type: 'text',
          text: { body: 'Yesterday' },
        },
      ],
    });
    expect((await deliver(c.t, late)).status).toBe(200);
    await waitFor(async () => (await inboundOf(channel.id)).length === 1, 'old inbound stored');
    const refused = await sendTo(c, channel.id, to);
    const failed = await waitForMessage(c, refused.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details.code).toBe('outside_session_window');

    await openSessions(c, peer, channel, [to]);
    const accepted = await sendTo(c, channel.id, to);
    await waitForMessage(c, accepted.id, (m) => m.status === 'sent', 'sent inside the window');
  });

  it('sends a broadcast only to the recipients whose window is open, counting the others failed', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const open = await createContact({ name: 'Open', phone: peer.recipient(next()) });
    const closed = await createContact({ name: 'Closed', phone: peer.recipient(next()) });
    await openSessions(c, peer, channel, [open.phone]);
    const group = await c.t.request('POST', '/v1/contact-groups', {
      ...as(c.owner),
      body: { name: `WA ${randomBytes(3).toString('hex')}` },
    });
    await c.t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
      ...as(c.owner),
      body: { contact_ids: [open.id, closed.id] },
    });
    const created = await c.t.request('POST', '/v1/group-messages', {
      ...as(c.owner),
      body: {
        name: 'Free-form',
        channel_id: channel.id,
        message_body: 'Hello {NAME}',
        contact_group_ids: [group.body.id],
        status: 'queued',
      },
    });
    const done = await waitFor(async () => {
      const res = await c.t.request('GET', `/v1/group-messages/${created.body.id}`, as(c.owner));
      return res.body.pending_count === 0 && res.body.sent_count + res.body.failed_count === 2
        ? res.body
        : undefined;
    }, 'broadcast finished');
    expect(done).toMatchObject({ sent_count: 1, failed_count: 1, status: 'partially_failed' });
    const list = await c.t.request(
      'GET',
      `/v1/messages?filter=group_message_id:eq:${created.body.id}`,
      as(c.owner),
    );
    const byContact = new Map(list.body.items.map((m: any) => [m.contact_id, m]));
    expect((byContact.get(closed.id) as any).error_details.code).toBe('outside_session_window');
    expect((byContact.get(open.id) as any).status).toBe('sent');
  });
});

describe('WhatsApp verify and throttling', () => {
  it('verifies by reading the phone number, and refuses a phone number id the token cannot use', async () => {
    const ok = await createChannel(c, peer.channelBody());
    const verified = await c.t.request('POST', `/v1/channels/${ok.id}/verify`, as(c.owner));
    expect(verified.body).toMatchObject({ status: 'connected', error_message: null });
    const body = peer.channelBody();
    const wrong = await createChannel(c, {
      ...body,
      credentials: { ...(body.credentials as object), phone_number_id: '123456789012345' },
    });
    const refused = await c.t.request('POST', `/v1/channels/${wrong.id}/verify`, as(c.owner));
    expect(refused.body.status).toBe('error');
    expect(refused.body.error_message).toMatch(/code 100\/33/);
  });

  it('pauses the channel on 130429 and sends on the retry', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_interval: 1, retry_count: 2 });
    const to = peer.recipient(next());
    await openSessions(c, peer, channel, [to]);
    peer.failNext({ kind: 'throttled', retryAfterSeconds: 0 });
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent after throttling');
    expect(sent.attempts).toBe(2);
    // Throttled, then healthy again after the next success.
    await waitFor(async () => {
      const statuses = await c.env.sql.query(
        `SELECT payload->>'status' AS status FROM outbox_events
         WHERE aggregate_id = $1 AND event_type = 'channel.status_changed' ORDER BY occurred_at`,
        [channel.id],
      );
      return statuses.rows.map((r) => r.status).join() === 'rate_limited,connected';
    }, 'rate_limited then connected');
  });

  it('never returns or logs the access token or the app secret', async () => {
    const channel = await createChannel(c, peer.channelBody());
    expect(JSON.stringify(channel)).not.toContain(peer.accessToken);
    expect(JSON.stringify(channel)).not.toContain(peer.appSecret);
    await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    const logs = c.t.logLines.join('\n');
    expect(logs).not.toContain(peer.accessToken);
    expect(logs).not.toContain(peer.appSecret);
  });
});

describe('WhatsApp webhooks', () => {
  it('answers Meta’s subscription handshake with hub.challenge when the verify token matches', async () => {
    const channel = await createChannel(c, peer.channelBody());
    expect(channel.webhook_urls.inbound).toBe(channel.webhook_urls.status);
    expect(channel.webhook_urls.inbound).toMatch(
      new RegExp(`^${PUBLIC_BASE_URL}/v1/webhooks/whatsapp/[^/]+$`),
    );
    const ok = await handshake(peer.handshake(channel, peer.verifyToken, '1158201444'));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    expect((await handshake(peer.handshake(channel, 'not-the-token', '42'))).status).toBe(401);
  });

  it('checks X-Hub-Signature-256 over the raw body as Meta sends it, escaped unicode included', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const from = peer.sender(next());
    const call = peer.inbound(channel, {
      id: `wamid.${randomBytes(8).toString('hex')}`,
      from,
      text: 'Habari ✓ äöå 👋',
    });
    expect(call.body).toContain('\\u00e4');
    // The same JSON re-serialized (unescaped) no longer matches the signature.
    const reserialized = JSON.stringify(JSON.parse(call.body));
    expect((await deliver(c.t, { ...call, body: reserialized })).status).toBe(401);
    expect((await deliver(c.t, { ...call, headers: { 'content-type': 'application/json' } })).status).toBe(
      401,
    );
    expect((await deliver(c.t, call)).status).toBe(200);
    const [message] = await waitFor(async () => {
      const items = await inboundOf(channel.id);
      return items.length > 0 ? items : undefined;
    }, 'inbound stored');
    expect(message).toMatchObject({ message_body: 'Habari ✓ äöå 👋', delivery_address: from });
    expect(message.metadata).toMatchObject({ from_name: 'Peer User', to: '+15550783881' });
  });

  it('refuses every webhook of a channel without an app secret', async () => {
    const body = peer.channelBody();
    const { app_secret: _, ...credentials } = body.credentials as Record<string, string>;
    const channel = await createChannel(c, { ...body, credentials });
    const call = peer.inbound(channel, { id: `wamid.${next()}`, from: peer.sender(n), text: 'x' });
    expect((await deliver(c.t, call)).status).toBe(401);
  });

  it('applies every status and message of one POST, skipping another number’s changes', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const recipients = [peer.recipient(next()), peer.recipient(next())];
    await openSessions(c, peer, channel, recipients);
    const sent = [];
    for (const to of recipients) {
      const created = await sendTo(c, channel.id, to);
      sent.push(await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent'));
    }
    const now = String(Math.floor(Date.now() / 1000));
    const from = peer.sender(next()).slice(1);
    const mine = (value: Record<string, unknown>) => ({
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: peer.displayNumber, phone_number_id: peer.phoneNumberId },
        ...value,
      },
      field: 'messages',
    });
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: peer.businessAccountId,
          changes: [
            mine({
              statuses: [
                {
                  id: sent[0].provider_message_id,
                  status: 'delivered',
                  timestamp: now,
                  recipient_id: recipients[0]!.slice(1),
                },
                {
                  id: sent[1].provider_message_id,
                  status: 'failed',
                  timestamp: now,
                  recipient_id: recipients[1]!.slice(1),
                  errors: [
                    {
                      code: 131049,
                      title: 'This message was not delivered to maintain healthy ecosystem engagement.',
                    },
                  ],
                },
              ],
            }),
            {
              field: 'message_template_status_update',
              value: { event: 'APPROVED', message_template_name: 'x' },
            },
          ],
        },
        {
          id: peer.businessAccountId,
          changes: [
            mine({
              contacts: [{ profile: { name: 'Two' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.${randomBytes(6).toString('hex')}`,
                  timestamp: now,
                  type: 'text',
                  text: { body: 'one' },
                },
                {
                  from,
                  id: `wamid.${randomBytes(6).toString('hex')}`,
                  timestamp: now,
                  type: 'image',
                  image: {
                    id: '1479537139650973',
                    mime_type: 'image/jpeg',
                    sha256: 'abc',
                    caption: 'a photo',
                  },
                },
              ],
            }),
            {
              // Another number of the same business account: not this channel's.
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550000000', phone_number_id: '999999999999999' },
                messages: [
                  {
                    from,
                    id: 'wamid.other-number',
                    timestamp: now,
                    type: 'text',
                    text: { body: 'not ours' },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const res = await deliver(c.t, peer.signedWebhook(channel, payload));
    expect(res.status, res.text).toBe(200);
    await waitForMessage(c, sent[0].id, (m) => m.status === 'delivered', 'delivered');
    const failed = await waitForMessage(c, sent[1].id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({
      code: 'delivery_failed',
      provider_code: '131049',
      provider_status: 'failed',
    });
    const inbound = await waitFor(async () => {
      const items = await inboundOf(channel.id);
      // Two from this POST, plus the ones that opened the windows.
      return items.filter((m: any) => m.delivery_address === `+${from}`).length === 2 ? items : undefined;
    }, 'inbound stored');
    const photo = inbound.find((m: any) => m.message_body === 'a photo');
    expect(photo.media_url).toBe('https://graph.facebook.com/v21.0/1479537139650973');
    expect(inbound.some((m: any) => m.message_body === 'not ours')).toBe(false);
  });

  it('answers 400 to a body that is not a WhatsApp webhook', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const wrongObject = peer.signedWebhook(channel, { object: 'page', entry: [] });
    expect((await deliver(c.t, wrongObject)).status).toBe(400);
    const notJson = {
      ...wrongObject,
      body: 'nope',
      headers: { ...wrongObject.headers, 'x-hub-signature-256': hubSignature(peer.appSecret, 'nope') },
    };
    expect((await deliver(c.t, notJson)).status).toBe(400);
  });

  it('keeps a read receipt that arrives without a delivered one', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    await openSessions(c, peer, channel, [to]);
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    // Meta skips `delivered` when a message is read at once (the user had the chat open).
    expect((await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'read'))).status).toBe(200);
    const read = await waitForMessage(c, created.id, (m) => m.metadata.read_at !== undefined, 'read');
    expect(read.status).toBe('delivered');
    expect((await getMessage(c, created.id)).delivered_at).not.toBeNull();
  });
});
