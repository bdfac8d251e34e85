import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, waitFor } from '../dispatch/support.js';
import {
  type ContractEnv,
  createChannel,
  deliver,
  getMessage,
  optOutAuditOf,
  PUBLIC_BASE_URL,
  providerOptOutEntry,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { TelegramPeer } from './peers/telegram.js';

let c: ContractEnv;
let peer: TelegramPeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await TelegramPeer.start();
});
afterAll(async () => {
  await peer?.close();
  await stopContractEnv(c);
});

const verify = (channelId: string) => c.t.request('POST', `/v1/channels/${channelId}/verify`, as(c.owner));
const tokenOf = (channel: any) => channel.__token as string;

/** A channel on its own bot, verified (so its webhook is registered). */
async function verifiedChannel(): Promise<any> {
  const body = peer.channelBody();
  const channel = await createChannel(c, body);
  const res = await verify(channel.id);
  expect(res.body.status, res.text).toBe('connected');
  return { ...channel, __token: (body.credentials as any).bot_token };
}

const optOutsOf = (address: string) =>
  c.env.sql.query(
    `SELECT channel_type, address, contact_id, source, reason FROM opt_outs WHERE account_id = $1 AND address = $2`,
    [c.owner.accountId, address],
  );

const settled = (channelId: string) =>
  waitFor(async () => {
    const r = await c.env.sql.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state IN ('pending', 'waiting')`,
      [channelId],
    );
    return r.rows[0].n === 0;
  }, 'webhooks handled');

describe('Telegram verify', () => {
  it('registers the inbound URL with a random secret, kept across verifies and never shown', async () => {
    const body = peer.channelBody();
    const channel = await createChannel(c, body);
    expect(channel.webhook_urls).toEqual({
      inbound: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/v1/webhooks/telegram/[^/]+$`)),
    });
    expect((await verify(channel.id)).body.status).toBe('connected');
    const bot = peer.bots.get((body.credentials as any).bot_token)!;
    expect(bot.webhook?.url).toBe(channel.webhook_urls.inbound);
    const secret = bot.webhook!.secret!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.parse(bot.webhook!.allowedUpdates!)).toEqual(['message', 'my_chat_member']);
    // Not in any answer (not even masked), not in the logs.
    const read = await c.t.request('GET', `/v1/channels/${channel.id}`, as(c.owner));
    expect(Object.keys(read.body.credentials)).toEqual(['bot_token']);
    expect(read.text).not.toContain(secret);
    expect(c.t.logLines.join('\n')).not.toContain(secret);
    expect(c.t.logLines.join('\n')).not.toContain((body.credentials as any).bot_token);
    // Stored encrypted: the plain secret is nowhere in the row.
    const row = await c.env.sql.query(`SELECT credentials_ciphertext FROM channels WHERE id = $1`, [
      channel.id,
    ]);
    expect(row.rows[0].credentials_ciphertext).not.toContain(secret);
    // A second verify registers the same secret: updates in flight keep passing.
    expect((await verify(channel.id)).body.status).toBe('connected');
    expect(bot.webhook!.secret).toBe(secret);
  });

  it('makes a new secret once the token is entered again', async () => {
    const body = peer.channelBody();
    const token = (body.credentials as any).bot_token;
    const channel = await createChannel(c, body);
    await verify(channel.id);
    const first = peer.bots.get(token)!.webhook!.secret;
    const patched = await c.t.request('PATCH', `/v1/channels/${channel.id}`, {
      ...as(c.owner),
      body: { credentials: { bot_token: token } },
    });
    expect(patched.status, patched.text).toBe(200);
    // Until verified again, the old secret no longer opens the webhook.
    const stale = peer.inbound(channel, { id: `in-${next()}`, from: peer.sender(n), text: 'old secret' });
    expect((await deliver(c.t, stale)).status).toBe(401);
    expect((await verify(channel.id)).body.status).toBe('connected');
    const second = peer.bots.get(token)!.webhook!.secret;
    expect(second).not.toBe(first);
    const fresh = peer.inbound(channel, { id: `in-${next()}`, from: peer.sender(n), text: 'new secret' });
    // The webhook route caches a channel's row for up to 2 s: the new secret opens it after that.
    await waitFor(async () => (await deliver(c.t, fresh)).status === 200, 'the new secret accepted');
  });

  it('puts the channel in error with Telegram’s words when the webhook cannot be registered', async () => {
    const channel = await createChannel(c, peer.channelBody());
    peer.webhookRefusal = 'Bad Request: bad webhook: Failed to resolve host: Name or service not known';
    try {
      const res = await verify(channel.id);
      expect(res.body.status).toBe('error');
      expect(res.body.error_message).toMatch(
        /Telegram refused the webhook URL \(Bad Request: bad webhook: Failed to resolve host/,
      );
      const updated = await c.env.sql.query(`SELECT error_message FROM channels WHERE id = $1`, [channel.id]);
      expect(updated.rows[0].error_message).toBe(res.body.error_message);
    } finally {
      peer.webhookRefusal = undefined;
    }
    expect((await verify(channel.id)).body.status).toBe('connected');
  });

  it('refuses updates before the channel is verified: no secret is registered yet', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const res = await c.t.request('POST', channel.webhook_urls.inbound.slice(PUBLIC_BASE_URL.length), {
      rawBody: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, chat: { id: 5, type: 'private' }, text: 'x' },
      }),
      headers: { 'x-telegram-bot-api-secret-token': '' },
    });
    expect(res.status).toBe(401);
  });
});

describe('Telegram sends', () => {
  it('sends text to the contact’s chat id and keeps it `sent`: Telegram has no delivery receipts', async () => {
    const channel = await verifiedChannel();
    const chatId = peer.recipient(next());
    const contact = await c.t.request('POST', '/v1/contacts', {
      ...as(c.owner),
      body: { name: 'Chat', telegram_chat_id: chatId },
    });
    const created = await c.t.request('POST', '/v1/messages', {
      ...as(c.owner),
      body: { channel_id: channel.id, contact_id: contact.body.id, message_body: 'Hello chat' },
    });
    expect(created.status, created.text).toBe(202);
    const sent = await waitForMessage(c, created.body.id, (m) => m.status === 'sent', 'sent');
    expect(sent.provider_message_id).toMatch(new RegExp(`^${chatId}:\\d+$`));
    const call = peer.calls.find((k) => k.method === 'sendMessage' && k.params.chat_id === chatId)!;
    expect(call.token).toBe(tokenOf(channel));
    expect(call.params).toMatchObject({ chat_id: chatId, text: 'Hello chat' });
  });

  it('sends an image URL with sendPhoto and any other file with sendDocument, the body as caption', async () => {
    const channel = await verifiedChannel();
    const photo = await sendTo(c, channel.id, peer.recipient(next()), {
      message_body: 'A picture',
      media_url: 'https://cdn.example.com/cat.JPG?size=large',
    });
    const doc = await sendTo(c, channel.id, peer.recipient(next()), {
      message_body: 'The invoice',
      media_url: 'https://cdn.example.com/invoice.pdf',
    });
    const sentPhoto = await waitForMessage(c, photo.id, (m) => m.status === 'sent', 'photo sent');
    const sentDoc = await waitForMessage(c, doc.id, (m) => m.status === 'sent', 'document sent');
    const fields = (id: string) => peer.sent.find((s) => s.providerMessageId === id)!.fields;
    expect(fields(sentPhoto.provider_message_id)).toMatchObject({
      method: 'sendPhoto',
      photo: 'https://cdn.example.com/cat.JPG?size=large',
      caption: 'A picture',
    });
    expect(fields(sentDoc.provider_message_id)).toMatchObject({
      method: 'sendDocument',
      document: 'https://cdn.example.com/invoice.pdf',
      caption: 'The invoice',
    });
  });

  it('records a user who blocked the bot (403) as opted out, and fails the message for good', async () => {
    const channel = await verifiedChannel();
    const chatId = peer.recipient(next());
    peer.failNext({ kind: 'opted_out' });
    const created = await sendTo(c, channel.id, chatId);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failure');
    expect(failed.error_details).toMatchObject({ code: 'opted_out', provider_code: '403', http_status: 403 });
    expect(failed.error_details.provider_message).toMatch(/blocked by the user/);
    const rows = await waitFor(async () => {
      const r = await optOutsOf(chatId);
      return r.rows.length > 0 ? r.rows : undefined;
    }, 'opt-out recorded');
    expect(rows).toMatchObject([{ channel_type: 'telegram', address: chatId, source: 'provider' }]);
  });

  it('fails a too long text with Telegram’s words and does not retry it', async () => {
    const channel = await verifiedChannel();
    const created = await sendTo(c, channel.id, peer.recipient(next()), { message_body: 'x'.repeat(4097) });
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failure');
    expect(failed).toMatchObject({ attempts: 1 });
    expect(failed.error_details).toMatchObject({
      code: 'content_rejected',
      provider_message: 'Bad Request: message is too long',
    });
  });
});

describe('Telegram updates', () => {
  it('records a user who blocks the bot (my_chat_member kicked) as opted out, once, linked to the contact', async () => {
    const channel = await verifiedChannel();
    const chatId = peer.sender(next());
    const contact = await c.t.request('POST', '/v1/contacts', {
      ...as(c.owner),
      body: { name: 'Blocker', telegram_chat_id: chatId },
    });
    const blocked = peer.blockedBy(channel, chatId);
    expect((await deliver(c.t, blocked)).status).toBe(200);
    expect((await deliver(c.t, blocked)).status).toBe(200);
    // Unblocking is a membership change too, but not an opt-out (consent keywords come later).
    expect((await deliver(c.t, peer.blockedBy(channel, chatId, 'member'))).status).toBe(200);
    await settled(channel.id);
    const rows = (await optOutsOf(chatId)).rows;
    expect(rows).toEqual([
      {
        channel_type: 'telegram',
        address: chatId,
        contact_id: contact.body.id,
        source: 'provider',
        reason: 'telegram: the user blocked the bot',
      },
    ]);
    // Delivered twice, recorded once in the audit log too.
    expect(await optOutAuditOf(c, chatId)).toEqual([providerOptOutEntry('telegram')]);
    // No message was stored for a membership change.
    const inbound = await c.t.request(
      'GET',
      `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
      as(c.owner),
    );
    expect(inbound.body.items).toHaveLength(0);
  });

  it('stores /stop with the sender’s name, opts the chat out (a consent keyword), and acknowledges other update types', async () => {
    const channel = await verifiedChannel();
    const chatId = peer.sender(next());
    const stop = peer.inbound(channel, { id: `in-${next()}`, from: chatId, text: '/stop' });
    expect((await deliver(c.t, stop)).status).toBe(200);
    const edited = peer.update(channel, {
      edited_message: {
        message_id: 9,
        chat: { id: Number(chatId), type: 'private' },
        date: 1,
        text: 'edited',
      },
    });
    expect((await deliver(c.t, edited)).status).toBe(200);
    await settled(channel.id);
    const inbound = await c.t.request(
      'GET',
      `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
      as(c.owner),
    );
    expect(inbound.body.items).toHaveLength(1);
    expect(inbound.body.items[0]).toMatchObject({
      message_body: '/stop',
      delivery_address: chatId,
      provider_message_id: stop.providerMessageId,
    });
    expect(inbound.body.items[0].metadata.from_name).toBe('Peer User');
    // /stop is Telegram's STOP: the chat is opted out of the account's telegram sends.
    expect((await optOutsOf(chatId)).rows).toEqual([
      expect.objectContaining({ channel_type: 'telegram', address: chatId, source: 'keyword' }),
    ]);
    const contact = await getMessage(c, inbound.body.items[0].id);
    expect(contact.contact_id).not.toBeNull();
  });

  it('refuses an update without the secret header, or with another bot’s secret', async () => {
    const channel = await verifiedChannel();
    const other = await verifiedChannel();
    const call = peer.inbound(channel, { id: `in-${next()}`, from: peer.sender(n), text: 'x' });
    const { 'x-telegram-bot-api-secret-token': _, ...noSecret } = call.headers;
    expect((await deliver(c.t, { ...call, headers: noSecret })).status).toBe(401);
    // The right shape and a real secret, but the other channel's.
    const misrouted = { ...call, url: other.webhook_urls.inbound };
    expect((await deliver(c.t, misrouted)).status).toBe(401);
  });
});
