import { randomBytes } from 'node:crypto';
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
  providerOptOutsOf,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { sign, TwilioPeer } from './peers/twilio.js';

let c: ContractEnv;
let peer: TwilioPeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await TwilioPeer.start();
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

describe('Twilio sends', () => {
  it('sends From the channel number with its status webhook as StatusCallback', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const fields = sentRequest(sent.provider_message_id);
    expect(fields).toMatchObject({ From: peer.from, StatusCallback: channel.webhook_urls.status });
    expect(fields.MessagingServiceSid).toBeUndefined();
    expect(channel.webhook_urls.status).toMatch(
      new RegExp(`^${PUBLIC_BASE_URL}/v1/webhooks/twilio/[^/]+/status$`),
    );
  });

  it('uses the Messaging Service over the From number when both are set', async () => {
    const service = `MG${randomBytes(16).toString('hex')}`;
    const channel = await createChannel(c, peer.channelBody({ messaging_service_sid: service }));
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const fields = sentRequest(sent.provider_message_id);
    expect(fields.MessagingServiceSid).toBe(service);
    expect(fields.From).toBeUndefined();
  });

  it('sends media_url as an MMS MediaUrl and shows it on the message', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const mediaUrl = 'https://cdn.example.com/picture.jpg';
    const created = await sendTo(c, channel.id, peer.recipient(next()), { media_url: mediaUrl });
    expect(created.media_url).toBe(mediaUrl);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sentRequest(sent.provider_message_id).MediaUrl).toBe(mediaUrl);
  });

  it('refuses media_url on channels that cannot carry it, and non-https URLs', async () => {
    const sandbox = await createChannel(c, { name: 'Sandbox', channel_type: 'sandbox', config: {} });
    const refused = await c.t.request('POST', '/v1/messages', {
      ...as(c.owner),
      body: {
        channel_id: sandbox.id,
        delivery_address: '+255712000001',
        message_body: 'Picture',
        media_url: 'https://cdn.example.com/picture.jpg',
      },
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.code).toBe('media_not_supported');
    expect(refused.body.errors.map((e: any) => e.path)).toEqual(['media_url']);
    const twilio = await createChannel(c, peer.channelBody());
    const plain = await c.t.request('POST', '/v1/messages', {
      ...as(c.owner),
      body: {
        channel_id: twilio.id,
        delivery_address: '+255712000001',
        message_body: 'Picture',
        media_url: 'http://cdn.example.com/picture.jpg',
      },
    });
    expect(plain.status, plain.text).toBe(422);
    expect(plain.body.errors.map((e: any) => e.path)).toEqual(['media_url']);
  });

  it('records a recipient who replied STOP (21610) as opted out, and fails the message for good', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    peer.failNext({ kind: 'opted_out' });
    const created = await sendTo(c, channel.id, to);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failure');
    expect(failed.error_details).toMatchObject({
      code: 'opted_out',
      provider_code: '21610',
      http_status: 400,
    });
    expect(failed.error_details.provider_message).toMatch(/unsubscribed/);
    const optOuts = await waitFor(async () => {
      const r = await c.env.sql.query(
        `SELECT channel_type, address, source FROM opt_outs WHERE account_id = $1 AND address = $2`,
        [c.owner.accountId, to],
      );
      return r.rows.length > 0 ? r.rows : undefined;
    }, 'opt-out recorded');
    expect(optOuts).toEqual([{ channel_type: 'sms', address: to, source: 'provider' }]);
    // Recorded in the audit log with it, by the system, the address masked.
    expect(await optOutAuditOf(c, to)).toEqual([providerOptOutEntry('sms')]);
  });

  it('records an opt-out when a status callback reports 21610 after the send was accepted', async () => {
    // A Messaging Service accepts the message, then fails it with 21610 in the status callback.
    const channel = await createChannel(
      c,
      peer.channelBody({ messaging_service_sid: `MG${'b'.repeat(32)}` }),
    );
    const to = peer.recipient(next());
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const res = await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'failed', '21610'));
    expect(res.status).toBe(200);
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(failed.error_details).toMatchObject({ provider_code: '21610', provider_status: 'failed' });
    expect(await providerOptOutsOf(c, to)).toEqual([
      {
        channel_type: 'sms',
        address: to,
        source: 'provider',
        contact_id: failed.contact_id,
        reason: expect.stringMatching(/STOP.*\(21610\)/),
      },
    ]);
    expect(await optOutAuditOf(c, to)).toEqual([providerOptOutEntry('sms')]);
    // The next message to that address is skipped, never reaching Twilio.
    const before = peer.sent.length;
    const again = await sendTo(c, channel.id, to);
    const skipped = await waitForMessage(c, again.id, (m) => m.status === 'skipped', 'skipped');
    expect(skipped.error_details).toMatchObject({ code: 'opted_out' });
    expect(peer.sent.length).toBe(before);
  });

  it('gives up a message on an outage that sends Retry-After once its retries are spent, unlike throttling', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_count: 0 });
    peer.failNext({ kind: 'server_error', retryAfterSeconds: 1 });
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'given up');
    expect(failed.error_details).toMatchObject({ code: 'provider_unavailable', reason: 'retries_exhausted' });
    expect(failed.attempts).toBe(1);
  });

  it('is connected again once a pause ends, even when no send follows to show it', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_interval: 3600 });
    peer.failNext({ kind: 'throttled', retryAfterSeconds: 1 });
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    await waitForMessage(c, created.id, (m) => m.status === 'failed', 'throttled');
    // Nothing else to send: the throttled message is cancelled before its retry.
    const cancel = await c.t.request('PATCH', `/v1/messages/${created.id}`, {
      ...as(c.owner),
      body: { status: 'cancelled' },
    });
    expect(cancel.status, cancel.text).toBe(200);
    const connected = await waitFor(async () => {
      const res = await c.t.request('GET', `/v1/channels/${channel.id}`, as(c.owner));
      return res.body.status === 'connected' ? res.body : undefined;
    }, 'the channel connected again');
    expect(connected.error_message).toBeNull();
    const moves = await c.env.sql.query(
      `SELECT payload->>'status' AS status FROM outbox_events
       WHERE aggregate_id = $1 AND event_type = 'channel.status_changed' ORDER BY occurred_at`,
      [channel.id],
    );
    expect(moves.rows.map((r) => r.status).slice(-2)).toEqual(['rate_limited', 'connected']);
  });

  it('verify puts a channel without any sender in error, naming what is missing', async () => {
    const body = peer.channelBody();
    const channel = await createChannel(c, { ...body, config: { base_url: (body.config as any).base_url } });
    const res = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(res.body).toMatchObject({ status: 'error' });
    expect(res.body.error_message).toMatch(/config\.from/);
  });

  it('holds a channel whose credentials were refused through new credentials and a disable/enable, until verified', async () => {
    const body = peer.channelBody();
    const channel = await createChannel(c, {
      ...body,
      credentials: { account_sid: peer.accountSid, auth_token: 'e'.repeat(32) },
    });
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const refused = await waitFor(async () => {
      const res = await c.t.request('GET', `/v1/channels/${channel.id}`, as(c.owner));
      return res.body.status === 'error' ? res.body : undefined;
    }, 'the channel in error');
    expect(refused.error_message).toMatch(/authenticat/i);

    // The right token, then a disable and an enable: still `error`, the provider's words kept.
    const fixed = await c.t.request('PATCH', `/v1/channels/${channel.id}`, {
      ...as(c.owner),
      body: { credentials: body.credentials },
    });
    expect(fixed.body).toMatchObject({ status: 'error', error_message: refused.error_message });
    expect((await c.t.request('POST', `/v1/channels/${channel.id}/disable`, as(c.owner))).body.status).toBe(
      'disabled',
    );
    const enabled = await c.t.request('POST', `/v1/channels/${channel.id}/enable`, as(c.owner));
    expect(enabled.body).toMatchObject({ is_enabled: true, status: 'error' });
    // Past the hold's re-check (5 s), the message is still waiting and the peer saw no send of it.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await getMessage(c, created.id)).toMatchObject({ status: 'queued', attempts: 0 });

    const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verified.body).toMatchObject({ status: 'connected', error_message: null });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent after the verify');
    expect(sentRequest(sent.provider_message_id).From).toBe(peer.from);
  });

  it('keeps a refused channel held when a verify cannot reach the provider', async () => {
    const body = peer.channelBody();
    const channel = await createChannel(c, {
      ...body,
      credentials: { account_sid: peer.accountSid, auth_token: 'd'.repeat(32) },
    });
    const refused = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(refused.body.status).toBe('error');
    await c.t.request('PATCH', `/v1/channels/${channel.id}`, {
      ...as(c.owner),
      body: { credentials: body.credentials },
    });
    // A gateway's error page says nothing about the credentials: the channel is not released.
    peer.failNext({ kind: 'html_page' }, 1);
    const unanswered = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(unanswered.body).toMatchObject({
      status: 'error',
      error_message: expect.stringMatching(/unavailable.*502/),
    });
    const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verified.body).toMatchObject({ status: 'connected', error_message: null });
  });

  it('never returns or logs the Auth Token', async () => {
    const channel = await createChannel(c, peer.channelBody());
    expect(JSON.stringify(channel)).not.toContain(peer.authToken);
    await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(c.t.logLines.join('\n')).not.toContain(peer.authToken);
  });
});

describe('Twilio webhooks', () => {
  it('checks the signature over the public URL, not the address the request reached', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const from = peer.sender(next());
    const fields = {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      From: from,
      To: peer.from,
      Body: 'Hi',
    };
    // Signed over the URL the request reached inside (what a proxy forwards), not the public one.
    const localUrl = channel.webhook_urls.inbound.replace(PUBLIC_BASE_URL, 'http://localhost');
    const wrong = await deliver(c.t, {
      ...peer.signed(channel.webhook_urls.inbound, fields),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(peer.authToken, localUrl, fields),
      },
    });
    expect(wrong.status).toBe(401);
    const right = await deliver(c.t, peer.signed(channel.webhook_urls.inbound, fields));
    expect(right.status).toBe(200);
    // Twilio reads the answer to an incoming message as TwiML: an empty one sends no reply.
    expect(right.headers.get('content-type')).toMatch(/xml/);
    expect(right.text).toContain('<Response>');
  });

  it('refuses a webhook without a signature, or one posted to another channel', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const other = await createChannel(c, peer.channelBody());
    const call = peer.inbound(channel, { id: `SM${next()}`, from: peer.sender(n), text: 'x' });
    const unsigned = await deliver(c.t, {
      ...call,
      headers: { 'content-type': call.headers['content-type']! },
    });
    expect(unsigned.status).toBe(401);
    // Signed for one channel's URL, posted to another's: the URL is part of the signature.
    const misrouted = await deliver(c.t, { ...call, url: other.webhook_urls.inbound });
    expect(misrouted.status).toBe(401);
  });

  it('keeps the provider code of an undelivered message', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect((await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'failed'))).status).toBe(200);
    const failed = await waitForMessage(
      c,
      created.id,
      (m) => m.status === 'permanently_failed',
      'undelivered',
    );
    expect(failed.error_details).toMatchObject({
      code: 'delivery_failed',
      provider_code: '30003',
      provider_status: 'undelivered',
    });
    const events = await c.env.sql.query(
      `SELECT event_type FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'message.failed'`,
      [created.id],
    );
    expect(events.rows).toHaveLength(1);
  });

  it('stores the media of an incoming MMS, and keeps a sender that cannot be a contact on the message', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const mms = await deliver(
      c.t,
      peer.signed(channel.webhook_urls.inbound, {
        MessageSid: `MM${randomBytes(16).toString('hex')}`,
        From: peer.sender(next()),
        To: peer.from,
        Body: 'Look',
        NumMedia: '1',
        MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
        MediaContentType0: 'image/jpeg',
      }),
    );
    expect(mms.status, mms.text).toBe(200);
    const alpha = await deliver(
      c.t,
      peer.signed(channel.webhook_urls.inbound, {
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        From: 'MPESA',
        To: peer.from,
        Body: 'Confirmed',
        NumMedia: '0',
      }),
    );
    expect(alpha.status, alpha.text).toBe(200);
    const items = await waitFor(async () => {
      const res = await c.t.request(
        'GET',
        `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
        as(c.owner),
      );
      return res.body.items.length === 2 ? res.body.items : undefined;
    }, 'both inbound messages');
    const picture = items.find((m: any) => m.message_body === 'Look');
    expect(picture.media_url).toMatch(/\/Media\/ME1$/);
    expect(picture.metadata.media_urls).toHaveLength(1);
    const fromShortCode = items.find((m: any) => m.message_body === 'Confirmed');
    expect(fromShortCode).toMatchObject({ contact_id: null, delivery_address: 'MPESA' });
  });

  it('answers GET with 405: Twilio has no subscription handshake', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const res = await c.t.request('GET', channel.webhook_urls.inbound.slice(PUBLIC_BASE_URL.length));
    expect(res.status).toBe(405);
  });

  it('answers 404 for a provider or a webhook kind that does not exist', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const path = channel.webhook_urls.inbound.slice(PUBLIC_BASE_URL.length);
    expect((await c.t.request('POST', path.replace('/twilio/', '/nexmo/'), { rawBody: '' })).status).toBe(
      404,
    );
    // Twilio's webhooks are /status and /inbound, not the bare URL.
    expect((await c.t.request('POST', path.replace(/\/inbound$/, ''), { rawBody: '' })).status).toBe(404);
  });

  it('shows the message that a receipt was read in its metadata, without a second delivery', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const created = await sendTo(c, channel.id, peer.recipient(next()));
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'delivered'));
    const delivered = await waitForMessage(c, created.id, (m) => m.status === 'delivered', 'delivered');
    await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'read'));
    const read = await waitForMessage(c, created.id, (m) => m.metadata.read_at !== undefined, 'read');
    expect(read.delivered_at).toBe(delivered.delivered_at);
    const again = await getMessage(c, created.id);
    expect(again.status).toBe('delivered');
  });
});
