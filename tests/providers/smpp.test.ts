import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { measureSms } from '../../src/templates/measure-sms.js';
import { as, waitFor } from '../dispatch/support.js';
import {
  type ContractEnv,
  createChannel,
  getMessage,
  sendTo,
  startContractEnv,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { SmppPeer } from './peers/smpp.js';

/**
 * SMPP over a session, on the real platform (API, send role keeping the binds, webhooks role
 * applying what arrives over them) against a local SMSC: binds, windowing, throttling, long
 * messages, receipts (multi-part, early, in other id forms), mobile-originated messages, and a
 * connection dropped mid-window.
 */
describe('smpp provider', () => {
  let c: ContractEnv;
  let peer: SmppPeer;

  beforeAll(async () => {
    c = await startContractEnv();
  });
  afterAll(async () => {
    await stopContractEnv(c);
  });
  afterEach(async () => {
    await peer?.close();
  });

  const newPeer = async () => {
    peer = await SmppPeer.start();
    return peer;
  };
  const channelOn = async (config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
    const body = peer.channelBody(config);
    return createChannel(c, { ...body, ...extra });
  };
  const channelStatus = async (id: string) => {
    const res = await c.t.request('GET', `/v1/channels/${id}`, as(c.owner));
    return res.body;
  };
  /** The session keeper binds every enabled SMPP channel within a few seconds, without any send. */
  const waitConnected = (id: string) =>
    waitFor(
      async () => {
        const ch = await channelStatus(id);
        return ch.status === 'connected' ? ch : undefined;
      },
      'channel connected',
      20_000,
    );
  const broadcast = async (channelId: string, count: number, body = 'Hello {FIRST_NAME}') => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await c.t.request('POST', '/v1/contacts', {
        ...as(c.owner),
        body: { first_name: `R${i}x${randomBytes(2).toString('hex')}`, phone: peer.recipient(i) },
      });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    const group = await c.t.request('POST', '/v1/contact-groups', {
      ...as(c.owner),
      body: { name: `G${randomBytes(3).toString('hex')}` },
    });
    await c.t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
      ...as(c.owner),
      body: { contact_ids: ids },
    });
    const created = await c.t.request('POST', '/v1/group-messages', {
      ...as(c.owner),
      body: {
        name: 'SMPP broadcast',
        channel_id: channelId,
        message_body: body,
        contact_group_ids: [group.body.id],
        status: 'queued',
      },
    });
    expect(created.status, created.text).toBe(201);
    return created.body.id as string;
  };
  const readGroup = async (id: string) =>
    (await c.t.request('GET', `/v1/group-messages/${id}`, as(c.owner))).body;
  /** The states of the webhook inbox's rows for one message's receipts. */
  const inboxStates = async (channelId: string, providerMessageId: string) =>
    (
      await c.env.sql.query(
        `SELECT state FROM webhook_events WHERE channel_id = $1 AND provider_message_id = $2 AND kind = 'status'`,
        [channelId, providerMessageId],
      )
    ).rows.map((r) => r.state as string);
  const cleanupContacts = async () => {
    await c.env.sql.query(`DELETE FROM contacts WHERE account_id = $1`, [c.owner.accountId]);
  };

  describe('binds', () => {
    it('keeps a transceiver bind with system_type and SMPP 3.4, and connects the channel without a send', async () => {
      await newPeer();
      const channel = await channelOn();
      await waitConnected(channel.id);
      expect(peer.binds).toHaveLength(1);
      expect(peer.binds[0]).toMatchObject({
        role: 'transceiver',
        systemType: 'turumba',
        interfaceVersion: 0x34,
      });
      const events = await c.env.sql.query(
        `SELECT payload->>'status' AS status FROM outbox_events
         WHERE aggregate_id = $1 AND event_type = 'channel.status_changed'`,
        [channel.id],
      );
      expect(events.rows.map((r) => r.status)).toContain('connected');
    });

    it('binds a transmitter and a receiver when asked, and reconnects after the SMSC drops them', async () => {
      await newPeer();
      const channel = await channelOn({ bind_mode: 'transmitter_receiver' });
      await waitConnected(channel.id);
      await waitFor(() => peer.boundCount() === 2, 'two binds');
      expect(peer.binds.map((b) => b.role).sort()).toEqual(['receiver', 'transmitter']);
      // The channel's disconnection is read from its recorded status changes: on a loaded machine the
      // reconnect can come back before a poll of the status would see `disconnected`.
      const disconnections = async () =>
        (
          await c.env.sql.query(
            `SELECT count(*)::int AS n FROM outbox_events
             WHERE aggregate_id = $1 AND event_type = 'channel.status_changed' AND payload->>'status' = 'disconnected'`,
            [channel.id],
          )
        ).rows[0].n as number;
      const before = await disconnections();
      peer.dropAll();
      await waitFor(async () => (await disconnections()) > before, 'disconnected');
      await waitConnected(channel.id);
      await waitFor(() => peer.boundCount() === 2, 'bound again');
      const created = await sendTo(c, channel.id, peer.recipient(1));
      await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent after the reconnect');
    });

    it('puts the channel in error with the SMSC’s reason when the password is refused', async () => {
      await newPeer();
      const body = peer.channelBody();
      const channel = await createChannel(c, {
        ...body,
        credentials: { ...(body.credentials as object), password: 'wrong' },
      });
      const failed = await waitFor(
        async () => {
          const ch = await channelStatus(channel.id);
          return ch.status === 'error' ? ch : undefined;
        },
        'channel in error',
        20_000,
      );
      expect(failed.error_message).toMatch(/ESME_RINVPASWD/);
      expect(peer.binds).toHaveLength(0);
    });

    it('keeps the channel out of error while the SMSC refuses binds for its own trouble (ESME_RSYSERR)', async () => {
      await newPeer();
      peer.bindRefusal = 0x08;
      const channel = await channelOn();
      await waitFor(async () => (peer.requests >= 2 ? true : undefined), 'two binds refused', 20_000);
      // An outage, not the credentials: nothing to verify, and the bind keeps trying.
      expect((await channelStatus(channel.id)).status).toBe('disconnected');
      peer.bindRefusal = undefined;
      await waitConnected(channel.id);
    });

    it('verify binds as a transmitter and unbinds', async () => {
      await newPeer();
      const channel = await channelOn({}, { is_enabled: true });
      const before = peer.binds.length;
      const res = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
      expect(res.status, res.text).toBe(200);
      expect(res.body.status).toBe('connected');
      const verifyBinds = peer.binds.slice(before).filter((b) => b.role === 'transmitter');
      expect(verifyBinds.length).toBeGreaterThanOrEqual(1);
      await waitFor(() => peer.unbinds.includes('transmitter'), 'unbind');
    });
  });

  describe('verify under max_binds', () => {
    it('answers from the bound session instead of opening a bind beyond max_binds', async () => {
      await newPeer();
      peer.maxBinds = 1;
      const channel = await channelOn({ max_binds: 1 });
      await waitConnected(channel.id);
      const res = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ status: 'connected', error_message: null });
      expect(peer.maxBound).toBe(1);
      expect(peer.binds).toHaveLength(1);

      // New credentials: the bind still up was made with the old ones and answers for nothing.
      const body = peer.channelBody({ max_binds: 1 });
      const patched = await c.t.request('PATCH', `/v1/channels/${channel.id}`, {
        ...as(c.owner),
        body: { credentials: { ...(body.credentials as object), password: 'wrong' } },
      });
      expect(patched.status, patched.text).toBe(200);
      const after = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
      expect(after.body.status).not.toBe('connected');
    });
  });

  describe('windowing and throttling', () => {
    it('never has more than window_size submit_sm outstanding', async () => {
      await newPeer();
      peer.answerDelayMs = 100;
      const channel = await channelOn({ window_size: 4 });
      await waitConnected(channel.id);
      const groupId = await broadcast(channel.id, 30);
      await waitFor(async () => (await readGroup(groupId)).sent_count === 30, 'broadcast sent', 30_000);
      expect(peer.maxOutstanding).toBeLessThanOrEqual(4);
      // The window was used, not a send at a time.
      expect(peer.maxOutstanding).toBe(4);
      await cleanupContacts();
    });

    it('gives a send job’s whole batch to the bind at once: the window, not the job, limits what is outstanding', async () => {
      await newPeer();
      peer.answerDelayMs = 100;
      const channel = await channelOn({ window_size: 100 });
      await waitConnected(channel.id);
      // 60 recipients are one send-batch job; an HTTP provider's job keeps 32 calls in flight.
      const groupId = await broadcast(channel.id, 60);
      await waitFor(async () => (await readGroup(groupId)).sent_count === 60, 'broadcast sent', 30_000);
      expect(peer.maxOutstanding).toBe(60);
      await cleanupContacts();
    });

    it('slows the whole channel on ESME_RTHROTTLED and sends the message without losing it', async () => {
      await newPeer();
      const channel = await channelOn({ throttle_pause_ms: 100 }, { retry_count: 0 });
      await waitConnected(channel.id);
      peer.failNext({ kind: 'throttled_smpp' }, 3);
      const created = await sendTo(c, channel.id, peer.recipient(7));
      const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent after throttling');
      // Retried inside the bind, not as a failed attempt: retry_count 0 could not have dropped it.
      expect(sent.attempts).toBe(1);
      const throttled = peer.submits.filter((s) => s.id === undefined);
      expect(throttled).toHaveLength(3);
      // Each retry waited for the pause (100, 200, 400 ms doubling).
      const times = peer.submits.map((s) => s.at);
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(600);
      const statuses = await c.env.sql.query(
        `SELECT payload->>'status' AS status FROM outbox_events
         WHERE aggregate_id = $1 AND event_type = 'channel.status_changed' ORDER BY occurred_at`,
        [channel.id],
      );
      expect(statuses.rows.map((r) => r.status)).toContain('rate_limited');
    });

    it('fails the window back to retry when the connection drops mid-window, and sends everything once', async () => {
      await newPeer();
      peer.answerDelayMs = 60;
      const channel = await channelOn({ window_size: 8 }, { retry_interval: 1, retry_count: 3 });
      await waitConnected(channel.id);
      let dropped = 0;
      peer.onEachSubmit((count, session) => {
        if (count === 15 && dropped === 0) {
          dropped = 1;
          session.socket.destroy();
        }
      });
      const count = 40;
      const groupId = await broadcast(channel.id, count);
      await waitFor(async () => (await readGroup(groupId)).sent_count === count, 'broadcast sent', 40_000);
      expect(dropped).toBe(1);
      // Every message accepted, and answered, exactly once. A submit in flight at the drop may have
      // been taken by the SMSC without an answer: only those (at most a window) are sent again.
      const answered = new Map<string, number>();
      const accepted = new Map<string, number>();
      let unanswered = 0;
      for (const s of peer.submits) {
        const key = String(s.pdu.destination_addr);
        if (s.id) accepted.set(key, (accepted.get(key) ?? 0) + 1);
        if (s.answered) answered.set(key, (answered.get(key) ?? 0) + 1);
        if (s.id && !s.answered) unanswered += 1;
      }
      expect(answered.size).toBe(count);
      expect([...answered.values()].every((n) => n === 1)).toBe(true);
      const twice = [...accepted.values()].filter((n) => n > 1).length;
      expect(twice).toBe(unanswered);
      expect(twice).toBeLessThanOrEqual(8);
      const list = await c.t.request(
        'GET',
        `/v1/messages?filter=group_message_id:eq:${groupId}&page_size=100`,
        as(c.owner),
      );
      const ids = new Set(peer.sent.map((s) => s.providerMessageId));
      expect(list.body.items.every((m: any) => m.status === 'sent' && ids.has(m.provider_message_id))).toBe(
        true,
      );
      await cleanupContacts();
    });
  });

  describe('long messages', () => {
    const gsmLong = `${'Hello [world] with €uro and ~tilde~ '.repeat(12)}end`;
    const ucs2Long = `${'Привет, мир 😀 — ünïcødé '.repeat(9)}конец`;

    for (const [mode, config] of [
      ['UDH 8-bit', { long_messages: 'udh' }],
      ['UDH 16-bit', { long_messages: 'udh', udh_reference_bits: 16 }],
      ['sar_* TLVs', { long_messages: 'sar' }],
      ['message_payload', { long_messages: 'payload' }],
    ] as const) {
      it(`sends long GSM-7 and UCS-2 texts by ${mode}, reassembled by the SMSC as sent`, async () => {
        await newPeer();
        const channel = await channelOn(config);
        for (const [text, dataCoding] of [
          [gsmLong, 0],
          [ucs2Long, 8],
        ] as const) {
          const created = await sendTo(c, channel.id, peer.recipient(3), { message_body: text });
          const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'long message sent');
          const received = peer.sent.find((s) => s.providerMessageId === sent.provider_message_id)!;
          expect(received.body).toBe(text);
          expect(received.fields.data_coding).toBe(dataCoding);
          const parts = received.fields.parts as string[];
          if (mode === 'message_payload') {
            expect(parts).toHaveLength(1);
            expect(received.fields.payload).toBe(true);
            // Recorded as the parts the SMSC bills, as the preview counts them.
            expect(sent.segments).toBe(measureSms(text).segments);
            expect(sent.segments).toBeGreaterThan(1);
          } else {
            expect(parts.length).toBeGreaterThan(1);
            expect(sent.segments).toBe(parts.length);
          }
          if (mode === 'UDH 16-bit')
            expect((received.fields.udh as string[])[0]!.startsWith('08')).toBe(true);
          if (mode === 'UDH 8-bit') expect((received.fields.udh as string[])[0]!.startsWith('00')).toBe(true);
        }
      });
    }
  });

  describe('receipts over the session', () => {
    it('delivers a multi-part message when every part is delivered, and fails one when a part fails', async () => {
      await newPeer();
      const channel = await channelOn();
      await waitConnected(channel.id);
      const long = 'A receipt for every part. '.repeat(14);
      const ok = await sendTo(c, channel.id, peer.recipient(4), { message_body: long });
      const bad = await sendTo(c, channel.id, peer.recipient(5), { message_body: long });
      const okSent = await waitForMessage(c, ok.id, (m) => m.status === 'sent', 'sent');
      const badSent = await waitForMessage(c, bad.id, (m) => m.status === 'sent', 'sent');
      const okParts = peer.sent.find((s) => s.providerMessageId === okSent.provider_message_id)!.fields
        .parts as string[];
      const badParts = peer.sent.find((s) => s.providerMessageId === badSent.provider_message_id)!.fields
        .parts as string[];
      expect(okParts.length).toBeGreaterThanOrEqual(3);
      for (const id of okParts.slice(0, -1)) expect(await peer.receiptFor(id, 'DELIVRD')).toBe(0);
      expect(await peer.receiptFor(badParts[1]!, 'UNDELIV', { err: '012' })).toBe(0);
      const failed = await waitForMessage(c, bad.id, (m) => m.status === 'permanently_failed', 'failed');
      expect(failed.error_details).toMatchObject({ code: 'delivery_failed', provider_code: '012' });
      // All parts but one delivered: still sent.
      await waitFor(async () => {
        const r = await c.env.sql.query(
          `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state IN ('pending', 'waiting')`,
          [channel.id],
        );
        return r.rows[0].n === 0;
      }, 'receipts handled');
      expect((await getMessage(c, ok.id)).status).toBe('sent');
      expect(await peer.receiptFor(okParts.at(-1)!, 'DELIVRD')).toBe(0);
      const delivered = await waitForMessage(c, ok.id, (m) => m.status === 'delivered', 'delivered');
      expect(delivered.delivered_at).not.toBeNull();

      // The failed one, sent again: its new parts decide it, not the old attempt's failed part.
      const retried = await c.t.request('POST', `/v1/messages/${bad.id}/retry`, as(c.owner));
      expect(retried.status, retried.text).toBeLessThan(300);
      const resent = await waitForMessage(
        c,
        bad.id,
        (m) => m.status === 'sent' && m.provider_message_id !== badSent.provider_message_id,
        'sent again',
      );
      const newParts = peer.sent.find((s) => s.providerMessageId === resent.provider_message_id)!.fields
        .parts as string[];
      for (const id of newParts) expect(await peer.receiptFor(id, 'DELIVRD')).toBe(0);
      await waitForMessage(c, bad.id, (m) => m.status === 'delivered', 'the retry delivered');
    });

    it('applies a receipt that arrives before its submit_sm_resp', async () => {
      await newPeer();
      const channel = await channelOn();
      await waitConnected(channel.id);
      peer.beforeAnswer(async (send) => {
        expect(await peer.receiptFor(send.providerMessageId, 'DELIVRD')).toBe(0);
      });
      const created = await sendTo(c, channel.id, peer.recipient(6));
      const delivered = await waitForMessage(
        c,
        created.id,
        (m) => m.status === 'delivered',
        'early receipt applied',
      );
      peer.beforeAnswer(undefined);
      // It waited in the webhook inbox for its send, and was applied from there.
      expect(await inboxStates(channel.id, delivered.provider_message_id)).toEqual(['applied']);
    });

    it('matches receipts whose id is written in decimal to submit_sm_resp ids in hex', async () => {
      await newPeer();
      peer.idFormat = 'hex';
      const channel = await channelOn({ submit_id_format: 'hex', receipt_id_format: 'decimal' });
      await waitConnected(channel.id);
      const created = await sendTo(c, channel.id, peer.recipient(8));
      const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
      const hexId = peer.sent.find((s) => s.to === peer.recipient(8))!.providerMessageId;
      // Stored in the canonical form: lower case, no leading zeros.
      expect(sent.provider_message_id).toBe(BigInt(`0x${hexId}`).toString(16));
      const decimal = BigInt(`0x${hexId}`).toString(10);
      expect(await peer.receiptFor(decimal, 'DELIVRD', { tlvs: false })).toBe(0);
      // Acknowledged once applied: delivered at once, with no inbox row (a receipt whose send is
      // recorded is applied where it arrives).
      expect((await getMessage(c, created.id)).status).toBe('delivered');
      expect(await inboxStates(channel.id, sent.provider_message_id)).toEqual([]);
      // A later receipt that contradicts it changes nothing.
      expect(await peer.receiptFor(decimal, 'UNDELIV', { tlvs: false })).toBe(0);
      expect((await getMessage(c, created.id)).status).toBe('delivered');
    });
  });

  describe('mobile-originated messages', () => {
    const inbound = async (channelId: string) => {
      const res = await c.t.request(
        'GET',
        `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channelId}&page_size=100`,
        as(c.owner),
      );
      return res.body.items as any[];
    };

    it('stores no inbound message for an acknowledgement or an intermediate notification', async () => {
      await newPeer();
      const channel = await channelOn();
      await waitConnected(channel.id);
      const from = peer.sender(7);
      const text = (stat: string) =>
        Buffer.from(
          `id:77 sub:001 dlvrd:000 submit date:2601011200 done date:2601011201 stat:${stat} err:000 text:`,
        );
      const pdu = { source_addr_ton: 1, source_addr_npi: 1, source_addr: from, destination_addr: 'Turumba' };
      // SME delivery ack, manual/user ack, intermediate delivery notification (SMPP 3.4 §5.2.12).
      expect(await peer.deliver({ ...pdu, esm_class: 0x08, short_message: text('DELIVRD') })).toBe(0);
      expect(await peer.deliver({ ...pdu, esm_class: 0x10, short_message: Buffer.from('OK') })).toBe(0);
      expect(await peer.deliver({ ...pdu, esm_class: 0x20, short_message: text('ENROUTE') })).toBe(0);
      expect(await peer.mobileOriginated({ from, text: 'A real reply' })).toEqual([0]);
      const items = await waitFor(
        async () => {
          const list = await inbound(channel.id);
          return list.length > 0 ? list : undefined;
        },
        'inbound stored',
        20_000,
      );
      expect(items.map((m) => m.message_body)).toEqual(['A real reply']);
    });

    it('stores single and multi-part MO, GSM and UCS-2, linked to (or creating) the contact', async () => {
      await newPeer();
      const channel = await channelOn();
      await waitConnected(channel.id);
      const known = peer.sender(1);
      const existing = await c.t.request('POST', '/v1/contacts', {
        ...as(c.owner),
        body: { name: 'Known', phone: known },
      });
      expect(await peer.mobileOriginated({ from: known, text: 'Hello {there} €5' })).toEqual([0]);
      const emoji = `Эхх${'Ответ с эмодзи 😀 '.repeat(6)}`;
      // The peer cuts it in three parts of 37 code units: the first cut falls between an emoji's two
      // halves, which each part's own decoding cannot join.
      expect(emoji.length).toBe(111);
      expect(emoji.charCodeAt(36)).toBeGreaterThanOrEqual(0xd800);
      expect(emoji.charCodeAt(36)).toBeLessThan(0xdc00);
      expect(await peer.mobileOriginated({ from: peer.sender(2), text: 'Привет 👋', ucs2: true })).toEqual([
        0,
      ]);
      expect(
        await peer.mobileOriginated({ from: peer.sender(3), text: emoji, parts: 3, ucs2: true }),
      ).toEqual([0, 0, 0]);
      const longGsm = 'Part one, part two, part three of a GSM message. '.repeat(5);
      expect(await peer.mobileOriginated({ from: peer.sender(4), text: longGsm, parts: 2 })).toEqual([0, 0]);
      const items = await waitFor(
        async () => {
          const list = await inbound(channel.id);
          return list.length >= 4 ? list : undefined;
        },
        'inbound stored',
        20_000,
      );
      const byFrom = new Map(items.map((m) => [m.delivery_address, m]));
      expect(byFrom.get(known)).toMatchObject({
        message_body: 'Hello {there} €5',
        contact_id: existing.body.id,
      });
      expect(byFrom.get(peer.sender(2))?.message_body).toBe('Привет 👋');
      expect(byFrom.get(peer.sender(3))?.message_body).toBe(emoji);
      expect(byFrom.get(peer.sender(4))?.message_body).toBe(longGsm);
      expect(items).toHaveLength(4);
      for (const m of items) expect(m.contact_id).toBeTruthy();
      const events = await c.env.sql.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE event_type = 'message.received' AND aggregate_id = ANY($1::uuid[])`,
        [items.map((m) => m.id)],
      );
      expect(events.rows[0].n).toBe(4);
    });
  });
});
