import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vonage } from '../../providers/vonage/index.js';
import { as, waitFor } from '../dispatch/support.js';
import {
  type ContractEnv,
  createChannel,
  deliver,
  getMessage,
  PUBLIC_BASE_URL,
  providerOptOutsOf,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import type { WebhookCall } from './peers/peer.js';
import { VonagePeer } from './peers/vonage.js';

let c: ContractEnv;
let peer: VonagePeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await VonagePeer.start();
});
afterAll(async () => {
  await peer?.close();
  await stopContractEnv(c);
});

const sentRequest = (providerMessageId: string) => {
  const found = peer.sent.find((s) => s.providerMessageId === providerMessageId);
  expect(found, 'the peer received the send').toBeDefined();
  return found!.fields;
};
const verify = async (channelId: string) =>
  (await c.t.request('POST', `/v1/channels/${channelId}/verify`, as(c.owner))).body;
const inboundOf = async (channelId: string): Promise<any[]> =>
  (
    await c.t.request(
      'GET',
      `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channelId}`,
      as(c.owner),
    )
  ).body.items;
/** Waits until the `webhooks` role has handled every stored event of the channel (none pending). */
const handled = (channelId: string) =>
  waitFor(async () => {
    const r = await c.env.sql.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state = 'pending'`,
      [channelId],
    );
    return r.rows[0].n === 0;
  }, 'webhooks handled');

/** Delivers a webhook however the peer made it: a GET carries its fields in the URL and no body. */
const send = (call: WebhookCall) =>
  call.method === 'GET'
    ? c.t.request('GET', call.url.slice(PUBLIC_BASE_URL.length), { headers: call.headers })
    : deliver(c.t, call);

// 400 GSM characters: three parts of at most 153.
const LONG_TEXT = `${'Long message for Vonage. '.repeat(16)}`;

describe('Vonage sends', () => {
  it('posts from, to without +, text, our message id as client-ref and the status webhook as callback', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sentRequest(sent.provider_message_id)).toEqual({
      api_key: peer.apiKey,
      api_secret: peer.apiSecret,
      from: peer.from,
      to: to.slice(1),
      text: 'Hello from the contract',
      'client-ref': created.id,
      callback: channel.webhook_urls.status,
    });
    expect(sent.segments).toBe(1);
  });

  it('leaves out a callback longer than the 100 characters Vonage takes, rather than fail every send', async () => {
    const body = peer.channelBody();
    const send = async (statusUrl: string) => {
      const adapter = vonage.create({
        channelId: randomUUID(),
        credentials: vonage.credentials.parse(body.credentials),
        config: vonage.config.parse(body.config),
        senderName: null,
        baseUrl: peer.baseUrl,
        allowPrivateHosts: true,
        webhookUrls: { status: statusUrl },
      });
      try {
        const sent = await adapter.send({
          messageId: randomUUID(),
          to: peer.recipient(next()),
          body: 'Hi',
          attempt: 1,
        });
        return peer.sent.find((s) => s.providerMessageId === sent.providerMessageId)!.fields;
      } finally {
        await adapter.close?.();
      }
    };
    const at = (length: number) => `https://hooks.example.com/${'x'.repeat(length - 26)}`;
    expect((await send(at(100))).callback).toBe(at(100));
    expect((await send(at(101))).callback).toBeUndefined();
  });

  it('sends text outside GSM-7 as type=unicode', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()), { message_body: 'Habari 😀 ŵ' });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sentRequest(sent.provider_message_id).type).toBe('unicode');
  });

  it('never returns or logs the API secret or the signature secret', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const shown = JSON.stringify(channel);
    expect(shown).not.toContain(peer.apiSecret);
    expect(shown).not.toContain(peer.signatureSecret);
    await verify(channel.id);
    const logs = c.t.logLines.join('\n');
    expect(logs).not.toContain(peer.apiSecret);
    expect(logs).not.toContain(peer.signatureSecret);
  });
});

describe('Vonage verify', () => {
  it('reads the balance with the API key and secret', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const before = peer.received.length;
    expect(await verify(channel.id)).toMatchObject({ status: 'connected', error_message: null });
    const call = peer.received.slice(before).find((r) => r.path === '/account/get-balance');
    expect(call?.query.get('api_key')).toBe(peer.apiKey);
  });

  it('puts a channel without credit, or without a sender, in error, saying which', async () => {
    const noCredit = await createChannel(c, peer.channelBody());
    peer.balance = { value: 0, autoReload: false };
    try {
      const result = await verify(noCredit.id);
      expect(result.status).toBe('error');
      expect(result.error_message).toMatch(/no credit left/);
    } finally {
      peer.balance = { value: 10.1712, autoReload: false };
    }
    const body = peer.channelBody();
    const { from: _, ...config } = body.config as Record<string, unknown>;
    const noSender = await createChannel(c, { ...body, config });
    const result = await verify(noSender.id);
    expect(result.status).toBe('error');
    expect(result.error_message).toMatch(/config\.from/);
  });
});

describe('Vonage multi-part messages', () => {
  it('is delivered once every part is, and keeps the first part as its provider id', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()), { message_body: LONG_TEXT });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const parts = peer.parts.get(sent.provider_message_id)!;
    expect(parts).toHaveLength(3);
    expect(sent.segments).toBe(3);
    for (const part of parts.slice(0, 2)) {
      expect((await deliver(c.t, peer.dlr(channel, part, 'delivered'))).status).toBe(200);
    }
    await handled(channel.id);
    expect((await getMessage(c, created.id)).status).toBe('sent');
    expect((await deliver(c.t, peer.dlr(channel, parts[2]!, 'delivered'))).status).toBe(200);
    const delivered = await waitForMessage(c, created.id, (m) => m.status === 'delivered', 'delivered');
    expect(delivered.provider_message_id).toBe(parts[0]);
  });

  it('records an opt-out when a receipt says the recipient asked not to receive messages (err-code 9)', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect((await deliver(c.t, peer.dlr(channel, sent.provider_message_id, 'failed', '9'))).status).toBe(200);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({ provider_code: '9' });
    expect(await providerOptOutsOf(c, to)).toEqual([
      expect.objectContaining({
        channel_type: 'sms',
        source: 'provider',
        reason: expect.stringMatching(/\(9\)$/),
      }),
    ]);
    // Other failures record nothing: err-code 3 (absent subscriber) is not a refusal by the recipient.
    const other = peer.recipient(next());
    const second = await sendTo(c, channel.id, other);
    const secondSent = await waitForMessage(c, second.id, (m) => m.status === 'sent', 'sent');
    expect(
      (await deliver(c.t, peer.dlr(channel, secondSent.provider_message_id, 'failed', '3'))).status,
    ).toBe(200);
    await waitForMessage(c, second.id, (m) => m.status === 'permanently_failed', 'failed');
    const none = await c.env.sql.query('SELECT 1 FROM opt_outs WHERE account_id = $1 AND address = $2', [
      c.owner.accountId,
      other,
    ]);
    expect(none.rows).toEqual([]);
  });

  it('fails as soon as one part fails, with that part’s code', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()), { message_body: LONG_TEXT });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const parts = peer.parts.get(sent.provider_message_id)!;
    await deliver(c.t, peer.dlr(channel, parts[0]!, 'delivered'));
    await deliver(c.t, peer.dlr(channel, parts[1]!, 'rejected', '6'));
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({
      code: 'delivery_failed',
      provider_code: '6',
      provider_status: 'rejected',
    });
    expect(failed.error_details.provider_message).toMatch(/^part 2 of 3: Anti-Spam Rejection/);
    // The last part delivered afterwards changes nothing.
    await deliver(c.t, peer.dlr(channel, parts[2]!, 'delivered'));
    await handled(channel.id);
    expect((await getMessage(c, created.id)).status).toBe('permanently_failed');
  });

  it('applies part receipts that arrive before the send is recorded', async () => {
    const channel = await createChannel(c, peer.channelBody());
    peer.beforeAnswer(async (send) => {
      for (const part of peer.parts.get(send.providerMessageId)!) {
        expect((await deliver(c.t, peer.dlr(channel, part, 'delivered'))).status).toBe(200);
      }
    });
    try {
      const created = await sendTo(c, channel.id, peer.recipient(next()), { message_body: LONG_TEXT });
      await waitForMessage(c, created.id, (m) => m.status === 'delivered', 'early part receipts');
    } finally {
      peer.beforeAnswer(undefined);
    }
  });
});

describe('Vonage webhooks', () => {
  it('takes delivery receipts and inbound messages by GET and by form POST as well as by JSON', async () => {
    const channel = await createChannel(c, peer.channelBody());
    for (const method of ['GET', 'POST'] as const) {
      peer.webhookMethod = method;
      try {
        const created = await sendTo(c, channel.id, peer.recipient(next()));
        const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
        const receipt = peer.receipt(channel, sent.provider_message_id, 'delivered');
        expect(receipt.method).toBe(method);
        expect((await send(receipt)).status).toBe(200);
        await waitForMessage(c, created.id, (m) => m.status === 'delivered', `delivered by ${method}`);
        const id = `0A${randomBytes(7).toString('hex').toUpperCase()}`;
        const inbound = peer.inbound(channel, { id, from: peer.sender(next()), text: `By ${method}` });
        expect((await send(inbound)).status).toBe(200);
        await waitFor(
          async () => (await inboundOf(channel.id)).some((m) => m.provider_message_id === id),
          `inbound by ${method}`,
        );
      } finally {
        peer.webhookMethod = 'POST-JSON';
      }
    }
  });

  it('checks the sig with the channel’s signature method, and refuses another or none', async () => {
    const channel = await createChannel(c, peer.channelBody({ signature_method: 'md5hash' }));
    const fields = peer.inboundFields({ id: `0A${next()}`, from: peer.sender(n), text: 'Signed' });
    const md5 = peer.signed(channel.webhook_urls.inbound, fields, { signing: 'md5hash' });
    expect((await deliver(c.t, md5)).status).toBe(200);
    const sha256 = peer.signed(channel.webhook_urls.inbound, fields, { signing: 'sha256' });
    expect((await deliver(c.t, sha256)).status).toBe(401);
    const unsigned = { ...md5, body: JSON.stringify({ ...JSON.parse(md5.body), sig: undefined }) };
    expect((await deliver(c.t, unsigned)).status).toBe(401);
  });

  it('refuses every webhook of a channel without a signature secret, and a replay older than a day', async () => {
    const body = peer.channelBody();
    const { signature_secret: _, ...credentials } = body.credentials as Record<string, unknown>;
    const unsigned = await createChannel(c, { ...body, credentials });
    const call = peer.inbound(unsigned, { id: `0A${next()}`, from: peer.sender(n), text: 'x' });
    expect((await deliver(c.t, call)).status).toBe(401);
    const signed = await createChannel(c, peer.channelBody());
    const stale = peer.signed(
      signed.webhook_urls.inbound,
      peer.inboundFields({ id: `0A${next()}`, from: peer.sender(n), text: 'Old' }),
      { timestamp: Math.floor(Date.now() / 1000) - 26 * 3600 },
    );
    expect((await deliver(c.t, stale)).status).toBe(401);
  });

  it('joins the parts of a long inbound message into one, whatever order they come in', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const from = peer.sender(next());
    const texts = ['The first part, ', 'the second part ', 'and the end.'];
    const ref = String(next() % 256);
    const calls = texts.map((text, i) =>
      peer.signed(channel.webhook_urls.inbound, {
        ...peer.inboundFields({ id: `0A${randomBytes(7).toString('hex').toUpperCase()}`, from, text }),
        concat: 'true',
        'concat-ref': ref,
        'concat-total': '3',
        'concat-part': String(i + 1),
      }),
    );
    for (const i of [2, 0]) expect((await deliver(c.t, calls[i]!)).status).toBe(200);
    await handled(channel.id);
    expect(await inboundOf(channel.id)).toHaveLength(0);
    expect((await deliver(c.t, calls[1]!)).status).toBe(200);
    const [message] = await waitFor(async () => {
      const items = await inboundOf(channel.id);
      return items.length > 0 ? items : undefined;
    }, 'joined message');
    expect(message).toMatchObject({
      message_body: 'The first part, the second part and the end.',
      delivery_address: from,
      provider_message_id: JSON.parse(calls[0]!.body).messageId,
    });
    // A part delivered again changes nothing.
    expect((await deliver(c.t, calls[2]!)).status).toBe(200);
    await handled(channel.id);
    await waitFor(async () => {
      const r = await c.env.sql.query(
        `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state IN ('pending', 'waiting')`,
        [channel.id],
      );
      return r.rows[0].n === 0;
    }, 'parts settled');
    expect(await inboundOf(channel.id)).toHaveLength(1);
  });

  it('stores what arrived of a long inbound message once its missing part is given up on', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const from = peer.sender(next());
    for (const [i, text] of ['Only the first ', 'and the third.'].entries()) {
      const call = peer.signed(channel.webhook_urls.inbound, {
        ...peer.inboundFields({ id: `0A${randomBytes(7).toString('hex').toUpperCase()}`, from, text }),
        concat: 'true',
        'concat-ref': '200',
        'concat-total': '3',
        'concat-part': String(i === 0 ? 1 : 3),
      });
      expect((await deliver(c.t, call)).status).toBe(200);
    }
    await handled(channel.id);
    expect(await inboundOf(channel.id)).toHaveLength(0);
    // An hour later (the parts' wait), part 2 has still not come: the rest is stored.
    await c.env.sql.query(
      `UPDATE webhook_events SET received_at = received_at - interval '2 hours' WHERE channel_id = $1`,
      [channel.id],
    );
    const [message] = await waitFor(async () => {
      const items = await inboundOf(channel.id);
      return items.length > 0 ? items : undefined;
    }, 'partial message');
    expect(message.message_body).toBe('Only the first and the third.');
  });

  it('answers 400 to a part that does not describe one', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const call = peer.signed(channel.webhook_urls.inbound, {
      ...peer.inboundFields({ id: `0A${next()}`, from: peer.sender(n), text: 'x' }),
      concat: 'true',
      'concat-ref': '1',
      'concat-total': '2',
      'concat-part': '3',
    });
    expect((await deliver(c.t, call)).status).toBe(400);
  });
});
