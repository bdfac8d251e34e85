import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { africasTalkingHost } from '../../providers/africastalking/adapter.js';
import { as, waitFor } from '../dispatch/support.js';
import {
  type ContractEnv,
  createChannel,
  deliver,
  PUBLIC_BASE_URL,
  providerOptOutsOf,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { AfricasTalkingPeer } from './peers/africastalking.js';

let c: ContractEnv;
let peer: AfricasTalkingPeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await AfricasTalkingPeer.start();
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

describe("Africa's Talking sends", () => {
  it('posts the form with the app username, the apiKey header and the channel sender id, asking for JSON', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sent.provider_message_id).toMatch(/^ATXid_/);
    expect(sentRequest(sent.provider_message_id)).toEqual({
      username: peer.username,
      to,
      message: 'Hello from the contract',
      from: peer.senderId,
      bulkSMSMode: '1',
    });
    const request = peer.received.find((r) => r.form.get('to') === to)!;
    expect(request).toMatchObject({ method: 'POST', path: '/version1/messaging' });
    expect(request.headers.apikey).toBe(peer.apiKey);
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it("leaves out `from` when the channel has no sender id: the account's default sender applies", async () => {
    const body = peer.channelBody();
    const { sender_id: _, ...config } = body.config as Record<string, unknown>;
    const channel = await createChannel(c, { ...body, config });
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sentRequest(sent.provider_message_id).from).toBeUndefined();
  });

  it('records a recipient in the blacklist (406 UserInBlacklist) as opted out, and fails the message for good', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    peer.failNext({ kind: 'opted_out' });
    const created = await sendTo(c, channel.id, to);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failure');
    expect(failed.error_details).toMatchObject({
      code: 'opted_out',
      provider_code: '406',
      provider_message: 'UserInBlacklist',
      http_status: 201,
    });
    const optOuts = await waitFor(async () => {
      const r = await c.env.sql.query(
        'SELECT channel_type, address, source FROM opt_outs WHERE account_id = $1 AND address = $2',
        [c.owner.accountId, to],
      );
      return r.rows.length > 0 ? r.rows : undefined;
    }, 'opt-out recorded');
    expect(optOuts).toEqual([{ channel_type: 'sms', address: to, source: 'provider' }]);
  });

  it('records an opt-out when a delivery report says the subscriber blacklisted the sender', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const report = peer.receipt(channel, sent.provider_message_id, 'failed', 'UserInBlackList');
    expect((await deliver(c.t, report)).status).toBe(200);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({ provider_code: 'UserInBlackList' });
    expect(await providerOptOutsOf(c, to)).toEqual([
      expect.objectContaining({ channel_type: 'sms', source: 'provider', contact_id: failed.contact_id }),
    ]);
  });

  it('retries a recipient refused with 500 InternalServerError and sends it on the retry', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_interval: 1, retry_count: 1 });
    peer.failNext({ kind: 'server_error' });
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent on the retry');
    expect(sent.attempts).toBe(2);
  });

  it('uses the sandbox host for the `sandbox` app and the live host otherwise, unless base_url is set', () => {
    expect(africasTalkingHost('sandbox', undefined)).toBe('https://api.sandbox.africastalking.com');
    expect(africasTalkingHost('myapp', undefined)).toBe('https://api.africastalking.com');
    expect(africasTalkingHost('sandbox', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
  });

  it('never returns or logs the API key', async () => {
    const channel = await createChannel(c, peer.channelBody());
    expect(JSON.stringify(channel)).not.toContain(peer.apiKey);
    expect(channel.credentials.api_key).toMatch(/^•+.{0,4}$/);
    await verify(channel.id);
    expect(c.t.logLines.join('\n')).not.toContain(peer.apiKey);
  });
});

describe("Africa's Talking verify", () => {
  it('reads the user data with the app username and reports a connected channel', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const before = peer.received.length;
    expect(await verify(channel.id)).toMatchObject({ status: 'connected', error_message: null });
    const call = peer.received.slice(before).find((r) => r.path === '/version1/user');
    expect(call).toBeDefined();
    expect(call!.headers.apikey).toBe(peer.apiKey);
  });

  it('puts a channel whose balance is spent in error', async () => {
    const channel = await createChannel(c, peer.channelBody());
    peer.balance = 'KES 0.0000';
    try {
      const result = await verify(channel.id);
      expect(result.status).toBe('error');
      expect(result.error_message).toMatch(/no balance left \(KES 0\.0000\)/);
    } finally {
      peer.balance = 'KES 1785.5000';
    }
  });

  it('leaves a channel disconnected, not in error, when Africa’s Talking answers an error page', async () => {
    const channel = await createChannel(c, peer.channelBody());
    peer.failNext({ kind: 'html_page' });
    const result = await verify(channel.id);
    expect(result.status).toBe('disconnected');
  });
});

describe("Africa's Talking callbacks", () => {
  it('keeps the failure reason of a failed delivery report', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const res = await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'failed'));
    expect(res.status, res.text).toBe(200);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({
      code: 'delivery_failed',
      provider_code: 'UserDoesNotExist',
      provider_status: 'Failed',
      provider_message: 'the number does not exist',
    });
  });

  it('treats AbsentSubscriber and Expired as final failures, and Buffered as still on its way', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const ids: Record<string, string> = {};
    for (const status of ['AbsentSubscriber', 'Expired', 'Buffered']) {
      const created = await sendTo(c, channel.id, peer.recipient(next()));
      const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
      ids[status] = created.id;
      const res = await deliver(
        c.t,
        peer.callback(channel.webhook_urls.status, {
          id: sent.provider_message_id,
          status,
          phoneNumber: sent.delivery_address,
        }),
      );
      expect(res.status, res.text).toBe(200);
    }
    await waitForMessage(c, ids.AbsentSubscriber!, (m) => m.status === 'permanently_failed', 'absent');
    await waitForMessage(c, ids.Expired!, (m) => m.status === 'permanently_failed', 'expired');
    await waitFor(async () => {
      const r = await c.env.sql.query(
        `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state = 'pending'`,
        [channel.id],
      );
      return r.rows[0].n === 0;
    }, 'webhooks handled');
    const buffered = await c.t.request('GET', `/v1/messages/${ids.Buffered}`, as(c.owner));
    expect(buffered.body.status).toBe('sent');
  });

  it('stores an incoming message with the short code it was sent to', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const from = peer.sender(next());
    const id = `${randomBytes(8).toString('hex')}`;
    const res = await deliver(c.t, peer.inbound(channel, { id, from, text: 'STATUS please' }));
    expect(res.status, res.text).toBe(200);
    const [message] = await waitFor(async () => {
      const r = await c.t.request(
        'GET',
        `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
        as(c.owner),
      );
      return r.body.items.length > 0 ? r.body.items : undefined;
    }, 'inbound stored');
    expect(message).toMatchObject({
      provider_message_id: id,
      delivery_address: from,
      message_body: 'STATUS please',
      metadata: { to: peer.shortCode },
    });
  });

  it('answers 400 to a callback that is not form-encoded or JSON, and 405 to a GET', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const call = peer.inbound(channel, { id: 'x1', from: peer.sender(next()), text: 'x' });
    const xml = await deliver(c.t, { ...call, headers: { 'content-type': 'text/xml' }, body: '<sms/>' });
    expect(xml.status).toBe(400);
    const get = await c.t.request('GET', channel.webhook_urls.inbound.slice(PUBLIC_BASE_URL.length));
    expect(get.status).toBe(405);
  });
});
