import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyWatermarks } from '../../src/webhooks/apply-watermarks.js';
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
import { MessengerPeer } from './peers/messenger.js';

let c: ContractEnv;
let peer: MessengerPeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await MessengerPeer.start();
});
afterAll(async () => {
  await peer?.close();
  await stopContractEnv(c);
});

const sendOf = (providerMessageId: string) => {
  const index = peer.sent.findIndex((s) => s.providerMessageId === providerMessageId);
  expect(index, 'the peer received the send').toBeGreaterThanOrEqual(0);
  return { index, send: peer.sent[index]! };
};

async function inboundOf(channelId: string): Promise<any[]> {
  const res = await c.t.request(
    'GET',
    `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channelId}&page_size=100`,
    as(c.owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Waits until the webhooks role handled every stored webhook of the channel. */
async function handled(channelId: string): Promise<void> {
  await waitFor(async () => {
    const r = await c.env.sql.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state IN ('pending', 'waiting')`,
      [channelId],
    );
    return r.rows[0].n === 0;
  }, 'webhooks handled');
}

async function sentTo(channel: any, psid: string, extra: Record<string, unknown> = {}) {
  const created = await sendTo(c, channel.id, psid, extra);
  return waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
}

describe('Messenger sends', () => {
  it('sends text to the PSID from the channel’s page, as a RESPONSE inside the window', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    const sent = await sentTo(channel, psid);
    expect(sent.provider_message_id).toMatch(/^m_/);
    expect(sendOf(sent.provider_message_id).send.fields).toEqual({
      recipient: { id: psid },
      messaging_type: 'RESPONSE',
      message: { text: 'Hello from the contract' },
    });
  });

  it('sends media as an attachment by URL, then the body as text, recording the text’s id', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    const sent = await sentTo(channel, psid, {
      message_body: 'Your ticket',
      media_url: 'https://cdn.example.com/t/ticket.pdf',
    });
    const { index, send } = sendOf(sent.provider_message_id);
    expect(send.body).toBe('Your ticket');
    expect(peer.sent[index - 1]!.fields).toEqual({
      recipient: { id: psid },
      messaging_type: 'RESPONSE',
      message: {
        attachment: {
          type: 'file',
          payload: { url: 'https://cdn.example.com/t/ticket.pdf', is_reusable: false },
        },
      },
    });
    // A blank body: the attachment alone.
    const alone = await sentTo(channel, psid, {
      message_body: ' ',
      media_url: 'https://cdn.example.com/p.png',
    });
    expect(sendOf(alone.provider_message_id).send.fields.message).toEqual({
      attachment: { type: 'image', payload: { url: 'https://cdn.example.com/p.png', is_reusable: false } },
    });
  });

  it('fails a message to someone who has not written in 24 hours before any call', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const before = peer.requests;
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({ code: 'outside_session_window', retryable: false });
    expect(peer.requests).toBe(before);
  });

  it('sends outside the window with the channel’s message tag, and inside it as a RESPONSE still', async () => {
    const channel = await createChannel(c, peer.channelBody({ message_tag: 'ACCOUNT_UPDATE' }));
    const quiet = await sentTo(channel, peer.recipient(next()));
    expect(sendOf(quiet.provider_message_id).send.fields).toMatchObject({
      messaging_type: 'MESSAGE_TAG',
      tag: 'ACCOUNT_UPDATE',
    });
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    const talking = await sentTo(channel, psid);
    expect(sendOf(talking.provider_message_id).send.fields.messaging_type).toBe('RESPONSE');
    expect(sendOf(talking.provider_message_id).send.fields.tag).toBeUndefined();
  });

  it('refuses an unknown message tag when the channel is saved', async () => {
    const res = await c.t.request('POST', '/v1/channels', {
      ...as(c.owner),
      body: peer.channelBody({ message_tag: 'PROMOTION' }),
    });
    expect(res.status).toBe(422);
  });
});

describe('Messenger receipts', () => {
  it('marks every message to the person up to a read watermark as read, and none after it', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.recipient(next());
    const other = peer.recipient(next());
    await openSessions(c, peer, channel, [psid, other]);
    const first = await sentTo(channel, psid);
    const second = await sentTo(channel, psid);
    const elsewhere = await sentTo(channel, other);
    const watermark = Date.now();
    const read = peer.event(channel, psid, { timestamp: watermark + 5, read: { watermark } });
    expect((await deliver(c.t, read)).status).toBe(200);
    for (const m of [first, second]) {
      const now = await waitForMessage(c, m.id, (x) => x.metadata.read_at !== undefined, 'read');
      expect(now.status).toBe('delivered');
      expect(now.metadata.read_at).toBe(new Date(watermark + 5).toISOString());
    }
    // A message sent after the watermark is not covered by it.
    const later = await sentTo(channel, psid);
    const delivery = peer.event(channel, psid, { delivery: { watermark } });
    expect((await deliver(c.t, delivery)).status).toBe(200);
    expect((await deliver(c.t, read)).status).toBe(200);
    await handled(channel.id);
    expect((await getMessage(c, later.id)).status).toBe('sent');
    expect((await getMessage(c, elsewhere.id)).status).toBe('sent');
  });

  it('delivers by watermark when a delivery has no mids', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    const sent = await sentTo(channel, psid);
    const delivery = peer.event(channel, psid, { delivery: { watermark: Date.now() } });
    expect((await deliver(c.t, delivery)).status).toBe(200);
    const delivered = await waitForMessage(c, sent.id, (m) => m.status === 'delivered', 'delivered');
    expect(delivered.metadata.read_at).toBeUndefined();
  });

  it("covers a message claimed within the watermark's own millisecond", async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    const sent = await sentTo(channel, psid);
    // Claimed 0.7 ms into a millisecond; the person reads in that same millisecond, and the
    // watermark (in milliseconds) is that millisecond's start.
    const claimed = await c.env.sql.query<{ ms: string }>(
      `UPDATE messages SET sending_at = date_trunc('milliseconds', sending_at) + interval '700 microseconds'
       WHERE id = $1 RETURNING (extract(epoch FROM date_trunc('milliseconds', sending_at)) * 1000)::bigint AS ms`,
      [sent.id],
    );
    const watermark = Number(claimed.rows[0]!.ms);
    const read = peer.event(channel, psid, { timestamp: watermark + 1, read: { watermark } });
    expect((await deliver(c.t, read)).status).toBe(200);
    const now = await waitForMessage(c, sent.id, (m) => m.metadata.read_at !== undefined, 'read');
    expect(now.status).toBe('delivered');
  });

  it('applies a read watermark that arrives while the message is still being sent', async () => {
    // The Send API's answer waits for the webhook below: on a loaded machine that can outlast the
    // peer's usual 3 s timeout, and a timed-out send is retried after the watermark (which then
    // rightly covers nothing).
    const channel = await createChannel(c, peer.channelBody({ timeout_ms: 15_000 }));
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    // The person reads before the Send API has answered: the message is still `sending` here.
    peer.beforeAnswer(async () => {
      const now = Date.now();
      const res = await deliver(c.t, peer.event(channel, psid, { timestamp: now, read: { watermark: now } }));
      expect(res.status).toBe(200);
    });
    try {
      const created = await sendTo(c, channel.id, psid);
      const read = await waitForMessage(c, created.id, (m) => m.metadata.read_at !== undefined, 'read');
      expect(read.status).toBe('delivered');
    } finally {
      peer.beforeAnswer(undefined);
    }
  });
  it('reads a message whose send is recorded while its watermark is being applied', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.recipient(next());
    await openSessions(c, peer, channel, [psid]);
    const sent = await sentTo(channel, psid);
    // The message back in flight, and its send recorded by another transaction that commits right
    // after the watermark's first statement: the moment a loaded machine once hit.
    await c.env.sql.query(`UPDATE messages SET status = 'sending' WHERE id = $1`, [sent.id]);
    const upTo = new Date(Date.now() + 1_000);
    const recorder = new pg.Client({ connectionString: c.env.t.databaseUrl });
    await recorder.connect();
    try {
      await recorder.query('BEGIN');
      await recorder.query(`UPDATE messages SET status = 'sent' WHERE id = $1`, [sent.id]);
      let statements = 0;
      await c.env.t.runtime.database.db.transaction(async (tx) => {
        const interleaved = new Proxy(tx, {
          get(target, key, receiver) {
            if (key !== 'execute') return Reflect.get(target, key, receiver);
            return async (query: Parameters<typeof tx.execute>[0]) => {
              const result = await target.execute(query);
              if (++statements === 1) await recorder.query('COMMIT');
              return result;
            };
          },
        });
        const row = {
          rowId: randomUUID(),
          channelId: channel.id,
          event: {
            providerMessageId: `watermark:${psid}:${upTo.getTime()}`,
            status: 'read' as const,
            occurredAt: upTo,
            watermark: { recipient: psid, upTo },
          },
          attempts: 0,
          receivedAt: new Date(),
        };
        await applyWatermarks(interleaved, [row], new Map(), {
          waitFirstMs: 50,
          waitMaxMs: 500,
          orphanAfterMs: 60_000,
        });
      });
      expect(statements).toBeGreaterThan(1);
    } finally {
      await recorder.end();
    }
    const now = await getMessage(c, sent.id);
    expect(now.status).toBe('delivered');
    expect(now.metadata.read_at).toBe(upTo.toISOString());
  });
});

describe('Messenger webhooks', () => {
  it('answers the subscription handshake, and verifies the page the token belongs to', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const path = (url: string) => url.slice(PUBLIC_BASE_URL.length);
    const ok = await c.t.request('GET', path(peer.handshake(channel, peer.verifyToken, '987').url));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('987');
    expect((await c.t.request('GET', path(peer.handshake(channel, 'wrong-token', '987').url))).status).toBe(
      401,
    );

    const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verified.body.status).toBe('connected');
    const body = peer.channelBody();
    const otherPage = await createChannel(c, {
      ...body,
      credentials: { ...(body.credentials as object), page_id: '123456789012345' },
    });
    const refused = await c.t.request('POST', `/v1/channels/${otherPage.id}/verify`, as(c.owner));
    expect(refused.body.status).toBe('error');
    expect(refused.body.error_message).toMatch(/belongs to page/);
  });

  it('stores a tapped postback or quick reply with its payload: it opens the window, and is no keyword', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.sender(next());
    const postback = peer.event(channel, psid, {
      timestamp: Date.now(),
      postback: { mid: `m_${randomBytes(8).toString('hex')}`, title: 'Get Started', payload: 'GET_STARTED' },
    });
    peer.wrote(psid);
    expect((await deliver(c.t, postback)).status).toBe(200);
    // A Get Started from the chat plugin names the person by `user_ref` only: answered, not stored.
    const plugin = peer.signedWebhook(channel, {
      object: 'page',
      entry: [
        {
          id: peer.pageId,
          time: Date.now(),
          messaging: [
            {
              sender: { user_ref: 'USER-REF-1' },
              recipient: { id: peer.pageId },
              timestamp: Date.now(),
              postback: { mid: 'm_plugin', title: 'Get Started', payload: 'GET_STARTED' },
            },
          ],
        },
      ],
    });
    expect((await deliver(c.t, plugin)).status).toBe(200);
    // A quick reply titled like a consent keyword: the business's words, not the person's.
    const quick = peer.event(channel, psid, {
      timestamp: Date.now(),
      message: {
        mid: `m_${randomBytes(8).toString('hex')}`,
        text: 'Stop',
        quick_reply: { payload: 'STOP_TOUR' },
      },
    });
    expect((await deliver(c.t, quick)).status).toBe(200);
    await handled(channel.id);
    const items = await inboundOf(channel.id);
    expect(items.map((m) => [m.message_body, m.metadata.reply]).sort()).toEqual([
      ['Get Started', { kind: 'postback', payload: 'GET_STARTED' }],
      ['Stop', { kind: 'quick_reply', payload: 'STOP_TOUR' }],
    ]);
    const optOuts = await c.env.sql.query('SELECT 1 FROM opt_outs WHERE account_id = $1 AND address = $2', [
      c.owner.accountId,
      psid,
    ]);
    expect(optOuts.rows).toEqual([]);
    // The tap opened the 24-hour window: a free-form message goes out as a RESPONSE.
    await sentTo(channel, psid);
  });

  it('stores messages with their attachments, and ignores echoes and other pages', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const psid = peer.sender(next());
    const payload = {
      object: 'page',
      entry: [
        {
          id: peer.pageId,
          time: Date.now(),
          messaging: [
            {
              sender: { id: psid },
              recipient: { id: peer.pageId },
              timestamp: Date.now(),
              message: {
                mid: `m_${randomBytes(8).toString('hex')}`,
                text: 'Here',
                attachments: [
                  { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/photo.jpg' } },
                ],
              },
            },
            {
              sender: { id: peer.pageId },
              recipient: { id: psid },
              timestamp: Date.now(),
              message: {
                mid: `m_${randomBytes(8).toString('hex')}`,
                is_echo: true,
                app_id: 1,
                text: 'our own',
              },
            },
          ],
        },
        {
          id: '999999999999999',
          time: Date.now(),
          messaging: [
            {
              sender: { id: psid },
              recipient: { id: '999999999999999' },
              timestamp: Date.now(),
              message: { mid: 'm_other_page', text: 'another page' },
            },
          ],
        },
      ],
    };
    expect((await deliver(c.t, peer.signedWebhook(channel, payload))).status).toBe(200);
    await handled(channel.id);
    const items = await inboundOf(channel.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      message_body: 'Here',
      delivery_address: psid,
      media_url: 'https://scontent.xx.fbcdn.net/v/photo.jpg',
    });
    const contacts = await c.t.request('GET', `/v1/contacts?filter=messenger_psid:eq:${psid}`, as(c.owner));
    expect(contacts.body.items).toHaveLength(1);
    expect(items[0].contact_id).toBe(contacts.body.items[0].id);
  });
});
