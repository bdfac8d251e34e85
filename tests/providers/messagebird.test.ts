import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMessageBirdSignature } from '../../providers/messagebird/signature.js';
import type { RawWebhook } from '../../providers/types.js';
import { as, waitFor } from '../dispatch/support.js';
import {
  type ContractEnv,
  createChannel,
  deliver,
  getMessage,
  PUBLIC_BASE_URL,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { MessageBirdPeer, signatureJwt } from './peers/messagebird.js';

let c: ContractEnv;
let peer: MessageBirdPeer;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  c = await startContractEnv();
  peer = await MessageBirdPeer.start();
});
afterAll(async () => {
  await peer?.close();
  await stopContractEnv(c);
});

const sentFields = (providerMessageId: string) => {
  const found = peer.sent.find((s) => s.providerMessageId === providerMessageId);
  expect(found, 'the peer received the send').toBeDefined();
  return found!.fields;
};

async function sentMessage(channel: any, extra: Record<string, unknown> = {}) {
  const created = await sendTo(c, channel.id, peer.recipient(next()), extra);
  return waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
}

const settled = (channelId: string) =>
  waitFor(async () => {
    const r = await c.env.sql.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state IN ('pending', 'waiting')`,
      [channelId],
    );
    return r.rows[0].n === 0;
  }, 'webhooks handled');

describe('MessageBird sends', () => {
  it('sends from the originator with our message id as reference and the status URL as reportUrl', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = peer.recipient(next());
    const created = await sendTo(c, channel.id, to);
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sentFields(sent.provider_message_id)).toEqual({
      originator: peer.originator,
      body: 'Hello from the contract',
      // MSISDNs as MessageBird writes them: no `+`.
      recipients: [to.slice(1)],
      reference: created.id,
      reportUrl: channel.webhook_urls.status,
      datacoding: 'auto',
    });
    expect(sent.provider_message_id).toMatch(/^[0-9a-f]{32}$/);
    expect(channel.webhook_urls.status).toMatch(
      new RegExp(`^${PUBLIC_BASE_URL}/v1/webhooks/messagebird/[^/]+/status$`),
    );
  });

  it('takes the data coding from the channel and the part count from the answer', async () => {
    const channel = await createChannel(c, peer.channelBody({ datacoding: 'unicode' }));
    const long = 'x'.repeat(200);
    const sent = await sentMessage(channel, { message_body: long });
    expect(sentFields(sent.provider_message_id).datacoding).toBe('unicode');
    expect(sent.segments).toBe(2);
  });

  it('verify reads the balance, and names what is missing: a sender, or money', async () => {
    const ok = await createChannel(c, peer.channelBody());
    const connected = await c.t.request('POST', `/v1/channels/${ok.id}/verify`, as(c.owner));
    expect(connected.body).toMatchObject({ status: 'connected', error_message: null });

    const body = peer.channelBody();
    const noSender = await createChannel(c, { ...body, config: { base_url: (body.config as any).base_url } });
    const refused = await c.t.request('POST', `/v1/channels/${noSender.id}/verify`, as(c.owner));
    expect(refused.body.status).toBe('error');
    expect(refused.body.error_message).toMatch(/config\.originator/);

    peer.balance = { payment: 'prepaid', type: 'euros', amount: 0 };
    try {
      const empty = await c.t.request('POST', `/v1/channels/${ok.id}/verify`, as(c.owner));
      expect(empty.body.status).toBe('error');
      expect(empty.body.error_message).toMatch(/balance/);
    } finally {
      peer.balance = { payment: 'prepaid', type: 'euros', amount: 42.5 };
    }
  });

  it('never returns or logs the access key or the signing key', async () => {
    const channel = await createChannel(c, peer.channelBody());
    await sentMessage(channel);
    await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    const read = await c.t.request('GET', `/v1/channels/${channel.id}`, as(c.owner));
    for (const secret of [peer.accessKey, peer.signingKey]) {
      expect(JSON.stringify(channel)).not.toContain(secret);
      expect(read.text).not.toContain(secret);
      expect(c.t.logLines.join('\n')).not.toContain(secret);
    }
  });
});

describe('MessageBird status reports', () => {
  it('applies a failed report with its error code and reason, and ignores buffered', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const sent = await sentMessage(channel);
    const buffered = await deliver(c.t, peer.report(channel, sent.provider_message_id, 'buffered'));
    expect(buffered.status).toBe(200);
    await settled(channel.id);
    expect((await getMessage(c, sent.id)).status).toBe('sent');
    const failed = await deliver(
      c.t,
      peer.report(channel, sent.provider_message_id, 'delivery_failed', {
        statusErrorCode: '104',
        statusReason: 'unknown subscriber',
      }),
    );
    expect(failed.status, failed.text).toBe(200);
    const message = await waitForMessage(c, sent.id, (m) => m.status === 'permanently_failed', 'failed');
    expect(message.error_details).toMatchObject({
      code: 'delivery_failed',
      provider_code: '104',
      provider_status: 'delivery_failed',
    });
  });

  it('takes an expired message as failed', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const sent = await sentMessage(channel);
    expect((await deliver(c.t, peer.report(channel, sent.provider_message_id, 'expired'))).status).toBe(200);
    const message = await waitForMessage(c, sent.id, (m) => m.status === 'permanently_failed', 'expired');
    expect(message.error_details.provider_status).toBe('expired');
  });

  it('refuses a report whose query was changed after signing, or signed for another URL, or stale', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const sent = await sentMessage(channel);
    const report = peer.report(channel, sent.provider_message_id, 'delivery_failed');
    // Someone turns a failure into a delivery: the URL (and so url_hash) no longer matches.
    const tampered = { ...report, url: report.url.replace('status=delivery_failed', 'status=delivered') };
    expect((await deliver(c.t, tampered)).status).toBe(401);
    // Signed over the URL the request reached inside (what a proxy forwards), not the public one.
    const localUrl = report.url.replace(PUBLIC_BASE_URL, 'http://localhost');
    const wrongUrl = {
      ...report,
      headers: { 'messagebird-signature-jwt': signatureJwt(peer.signingKey, localUrl, '') },
    };
    expect((await deliver(c.t, wrongUrl)).status).toBe(401);
    // A genuine token, captured and replayed after it expired.
    const stale = peer.signed('GET', report.url, '', Date.now() - 5 * 60_000);
    expect((await deliver(c.t, stale)).status).toBe(401);
    const unsigned = { ...report, headers: {} };
    expect((await deliver(c.t, unsigned)).status).toBe(401);
    await settled(channel.id);
    expect((await getMessage(c, sent.id)).status).toBe('sent');
    expect((await deliver(c.t, report)).status).toBe(200);
    await waitForMessage(c, sent.id, (m) => m.status === 'permanently_failed', 'the genuine report');
  });

  it('refuses every webhook of a channel that has no signing key', async () => {
    const body = peer.channelBody();
    const channel = await createChannel(c, { ...body, credentials: { access_key: peer.accessKey } });
    const sent = await sentMessage(channel);
    expect((await deliver(c.t, peer.report(channel, sent.provider_message_id, 'delivered'))).status).toBe(
      401,
    );
    const inbound = peer.inbound(channel, { id: hexId(), from: peer.sender(next()), text: 'Hi' });
    expect((await deliver(c.t, inbound)).status).toBe(401);
  });
});

describe('MessageBird incoming messages', () => {
  it('takes a message forwarded as a form or by GET, with the sender in E.164', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const fromForm = peer.sender(next());
    const form = new URLSearchParams({
      id: hexId(),
      originator: fromForm.slice(1),
      recipient: peer.number,
      body: 'By form',
      createdDatetime: '2026-01-05T10:02:59+00:00',
    }).toString();
    const posted = peer.signed('POST', channel.webhook_urls.inbound, form);
    posted.headers['content-type'] = 'application/x-www-form-urlencoded';
    expect((await deliver(c.t, posted)).status).toBe(200);
    const fromGet = peer.sender(next());
    const query = new URLSearchParams({
      id: hexId(),
      originator: fromGet.slice(1),
      recipient: peer.number,
      body: 'By GET',
    });
    const got = peer.signed('GET', `${channel.webhook_urls.inbound}?${query}`, '');
    expect((await deliver(c.t, got)).status).toBe(200);
    const items = await waitFor(async () => {
      const res = await c.t.request(
        'GET',
        `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
        as(c.owner),
      );
      return res.body.items.length === 2 ? res.body.items : undefined;
    }, 'both inbound messages');
    const byBody = Object.fromEntries(items.map((m: any) => [m.message_body, m]));
    expect(byBody['By form']).toMatchObject({ delivery_address: fromForm });
    expect(byBody['By form'].metadata.to).toBe(`+${peer.number}`);
    expect(byBody['By GET']).toMatchObject({ delivery_address: fromGet });
  });
});

// MessageBird's published test vectors for the signature (messagebird-nodejs
// lib/testdata/webhook-signature-jwt-reference.json), checked at the time each one names.
const vectors: {
  name: string;
  method: string;
  secret: string;
  url: string;
  payload: string | null;
  timestamp: string;
  token: string;
  valid: boolean;
}[] = JSON.parse(readFileSync(new URL('./fixtures/messagebird-signature-jwt.json', import.meta.url), 'utf8'));

describe("MessageBird's signature test vectors", () => {
  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const req: RawWebhook = {
      method: v.method,
      url: v.url,
      headers: { 'messagebird-signature-jwt': v.token },
      query: {},
      rawBody: v.payload ?? '',
    };
    expect(verifyMessageBirdSignature(req, v.secret, Date.parse(v.timestamp))).toBe(v.valid);
  });

  it('has valid and invalid vectors', () => {
    expect(vectors.filter((v) => v.valid).length).toBeGreaterThan(3);
    expect(vectors.filter((v) => !v.valid).length).toBeGreaterThan(3);
  });

  it('refuses an unsigned token (alg none) carrying the right claims', () => {
    const valid = vectors.find((v) => v.valid && v.payload)!;
    const [, claims] = valid.token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${claims}.`;
    const req: RawWebhook = {
      method: 'POST',
      url: valid.url,
      headers: { 'messagebird-signature-jwt': none },
      query: {},
      rawBody: valid.payload!,
    };
    expect(verifyMessageBirdSignature(req, valid.secret, Date.parse(valid.timestamp))).toBe(false);
  });
});

function hexId(): string {
  return randomBytes(16).toString('hex');
}
