import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, waitFor } from '../dispatch/support.js';
import { type ContractEnv, createChannel, deliver, startContractEnv, stopContractEnv } from './contract.js';
import { SandboxPeer } from './peers/sandbox.js';

let c: ContractEnv;
const peer = new SandboxPeer();

beforeAll(async () => {
  c = await startContractEnv();
});
afterAll(() => stopContractEnv(c));

describe('the webhooks role', () => {
  it('applies the other events when one cannot be applied, and keeps the bad one for later', async () => {
    const channel = await createChannel(c, peer.channelBody());
    // An event no parser would produce (its time is unreadable): applying it throws.
    const poison = randomUUID();
    await c.env.sql.query(
      `INSERT INTO webhook_events (id, account_id, channel_id, kind, provider_message_id, dedupe_key, payload)
       VALUES ($1, $2, $3, 'inbound', 'poison-1', 'inbound', $4)`,
      [
        poison,
        c.owner.accountId,
        channel.id,
        JSON.stringify({ from: '+255712000999', body: 'x', receivedAt: 'never' }),
      ],
    );
    const good = await deliver(
      c.t,
      peer.inbound(channel, { id: 'good-1', from: '+255712000998', text: 'Still applied' }),
    );
    expect(good.status).toBe(200);
    const items = await waitFor(async () => {
      const res = await c.t.request(
        'GET',
        `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
        as(c.owner),
      );
      return res.body.items.length > 0 ? res.body.items : undefined;
    }, 'the good event applied');
    expect(items.map((m: any) => m.message_body)).toEqual(['Still applied']);
    const row = await waitFor(async () => {
      const r = await c.env.sql.query(
        `SELECT state, attempts, next_attempt_at FROM webhook_events WHERE id = $1`,
        [poison],
      );
      return r.rows[0].attempts > 0 ? r.rows[0] : undefined;
    }, 'the bad event deferred');
    expect(row.state).toBe('pending');
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
  });

  it('does not store an inbound message again when its webhook is replayed after the inbox forgot it', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const id = `replayed-${randomUUID()}`;
    const call = peer.inbound(channel, { id, from: '+255712000997', text: 'Hello once' });
    const inbound = async () => {
      const res = await c.t.request(
        'GET',
        `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channel.id}`,
        as(c.owner),
      );
      return res.body.items as any[];
    };
    expect((await deliver(c.t, call)).status).toBe(200);
    await waitFor(async () => ((await inbound()).length > 0 ? true : undefined), 'the message stored');
    // The week-old inbox rows are pruned: the unique key no longer knows the event.
    await c.env.sql.query(`DELETE FROM webhook_events WHERE channel_id = $1`, [channel.id]);
    expect((await deliver(c.t, call)).status).toBe(200);
    const state = await waitFor(async () => {
      const r = await c.env.sql.query(`SELECT state FROM webhook_events WHERE channel_id = $1`, [channel.id]);
      return r.rows[0]?.state === 'pending' ? undefined : r.rows[0]?.state;
    }, 'the replay handled');
    expect(state).toBe('ignored');
    expect((await inbound()).map((m) => m.provider_message_id)).toEqual([id]);
  });
});
