import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { LiveEvent } from '../../src/live/live-event.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { openStream, type SseClient, secondApp } from './support.js';

let t: TestContext;
let owner: Session;
let stranger: Session;
const clients: SseClient[] = [];
const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

// Producers publish through the process's publisher after their commit; these tests publish the
// same way, to control exactly what and when.
const publish = (events: LiveEvent[]) => t.runtime.live.publisher.publish(events);
const status = (accountId: string, id: string, value = 'sent'): LiveEvent => ({
  accountId,
  type: 'message.status',
  data: { id, status: value },
});

async function open(options: Parameters<typeof openStream>[1]): Promise<SseClient> {
  const opened = await openStream(t.app, options);
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  clients.push(opened.client!);
  return opened.client!;
}

beforeAll(async () => {
  t = await setupTestApp({ EVENT_STREAMS_PER_USER: '2' });
  owner = await signUp(t, { accountName: 'Acme' });
  stranger = await signUp(t, { accountName: 'Globex' });
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await t?.close();
});

describe('Last-Event-ID resume', () => {
  it('replays what was missed after the given id, by header or by query', async () => {
    const first = await open(as(owner));
    const [m1, m2, m3] = [randomUUID(), randomUUID(), randomUUID()];
    await publish([status(owner.accountId, m1)]);
    await first.until((events) => events.some((e) => e.data.id === m1));
    const lastId = first.events.at(-1)!.id!;
    await first.close();
    await publish([status(owner.accountId, m2)]);
    await publish([status(stranger.accountId, randomUUID()), status(owner.accountId, m3, 'delivered')]);

    const resumed = await open({ ...as(owner), headers: { 'last-event-id': lastId } });
    await resumed.until((events) => events.some((e) => e.data.id === m3));
    expect(resumed.events.map((e) => e.data)).toEqual([
      { id: m2, status: 'sent' },
      { id: m3, status: 'delivered' },
    ]);
    await resumed.close();

    const byQuery = await open({ ...as(owner), query: `last_event_id=${lastId}` });
    await byQuery.until((events) => events.some((e) => e.data.id === m3));
    expect(byQuery.events.map((e) => e.data.id)).toEqual([m2, m3]);
    await byQuery.close();
  });

  it('tells a client to resync when its id is older than what is kept', async () => {
    const stale = await open({ ...as(owner), headers: { 'last-event-id': `${Date.now() - 10 * 60_000}-0` } });
    await stale.until((events) => events.some((e) => e.event === 'resync'));
    expect(stale.events[0]!.event).toBe('resync');
    await stale.close();
  });

  it('refuses a malformed resume id in the query', async () => {
    const bad = await openStream(t.app, { ...as(owner), query: 'last_event_id=yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('last_event_id');
  });
});

describe('group_message.progress coalescing', () => {
  it('sends at most one progress event per group per 500 ms, ending with the latest counters', async () => {
    const stream = await open(as(owner));
    const groupId = randomUUID();
    const otherGroup = randomUUID();
    const progress = (id: string, sent: number): LiveEvent => ({
      accountId: owner.accountId,
      type: 'group_message.progress',
      data: {
        id,
        status: sent === 40 ? 'completed' : 'processing',
        sent_count: sent,
        delivered_count: 0,
        failed_count: 0,
        skipped_count: 0,
        cancelled_count: 0,
        pending_count: 40 - sent,
      },
      version: sent,
    });
    const started = Date.now();
    for (let sent = 1; sent <= 40; sent++) {
      await publish([progress(groupId, sent), progress(otherGroup, sent)]);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const elapsed = Date.now() - started;
    await stream.until((events) => events.some((e) => e.data.id === groupId && e.data.sent_count === 40));
    await stream.until((events) => events.some((e) => e.data.id === otherGroup && e.data.sent_count === 40));
    for (const id of [groupId, otherGroup]) {
      const seen = stream.events.filter((e) => e.data.id === id);
      // 40 writes over `elapsed` ms: one event at the start, then at most one per 500 ms window.
      expect(seen.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 2);
      expect(seen.length).toBeLessThan(40);
      expect(seen[0]!.data.sent_count).toBe(1);
      expect(seen.at(-1)!.data).toMatchObject({ status: 'completed', sent_count: 40, pending_count: 0 });
    }
  });

  it('drops an older state published after a newer one', async () => {
    const stream = await open(as(owner));
    const groupId = randomUUID();
    const state = (sent: number): LiveEvent => ({
      accountId: owner.accountId,
      type: 'group_message.progress',
      data: { id: groupId, status: 'processing', sent_count: sent },
      version: sent,
    });
    await publish([state(5)]);
    await publish([state(3)]);
    await publish([status(owner.accountId, 'marker')]);
    await stream.until((events) => events.some((e) => e.data.id === 'marker'));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(stream.events.filter((e) => e.data.id === groupId).map((e) => e.data.sent_count)).toEqual([5]);
  });
});

describe('open streams per user', () => {
  it('answers 429 problem+json past EVENT_STREAMS_PER_USER, and frees the slot when a stream closes', async () => {
    for (const c of clients) await c.close();
    // Closed streams give their slots back as they end.
    await waitUntilOpenable();
    const one = await open(as(owner));
    const two = await open(as(owner));
    const third = await openStream(t.app, as(owner));
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect(third.body.code).toBe('rate_limited');
    // Another user is not counted against this one.
    await (await open(as(stranger))).close();
    await one.close();
    // The closed stream's slot comes back as it ends: a new stream opens again.
    const deadline = Date.now() + 10_000;
    let reopened = await openStream(t.app, as(owner));
    while (reopened.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reopened = await openStream(t.app, as(owner));
    }
    expect(reopened.status).toBe(200);
    await reopened.client!.close();
    await two.close();
  });
});

/** Waits until the earlier tests' closed streams gave back every slot of the owner. */
async function waitUntilOpenable(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const slots = await t.runtime.redis.zcard(`${t.queuePrefix}:live:streams:user:${owner.userId}`);
    if (slots === 0) return;
    if (Date.now() > deadline) throw new Error(`${slots} slots still held`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('POST /v1/events/tickets', () => {
  it('opens a stream without headers, once', async () => {
    const issued = await t.request('POST', '/v1/events/tickets', as(owner));
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.ticket).toMatch(/^evt_/);
    expect(Date.parse(issued.body.expires_at)).toBeGreaterThan(Date.now());

    const stream = await open({ query: `ticket=${issued.body.ticket}` });
    const id = randomUUID();
    await publish([status(stranger.accountId, randomUUID()), status(owner.accountId, id)]);
    await stream.until((events) => events.some((e) => e.data.id === id));
    expect(stream.events.map((e) => e.data.id)).toEqual([id]);
    await stream.close();

    const again = await openStream(t.app, { query: `ticket=${issued.body.ticket}` });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('invalid_ticket');
  });

  it('refuses a ticket used for another account, and a made-up one', async () => {
    const issued = await t.request('POST', '/v1/events/tickets', as(owner));
    const crossed = await openStream(t.app, {
      query: `ticket=${issued.body.ticket}`,
      headers: { 'x-account-id': stranger.accountId },
    });
    expect(crossed.status).toBe(403);
    const forged = await openStream(t.app, { query: `ticket=evt_${'A'.repeat(32)}` });
    expect(forged.status).toBe(401);
  });

  it('lapses after EVENT_TICKET_TTL_SECONDS', async () => {
    const shortLived = secondApp(t, loadConfig({ ...configEnv(t), EVENT_TICKET_TTL_SECONDS: '1' }));
    try {
      const issued = await shortLived.app.request('/v1/events/tickets', {
        method: 'POST',
        headers: { authorization: `Bearer ${owner.token}`, 'x-account-id': owner.accountId },
      });
      expect(issued.status).toBe(201);
      const { ticket } = (await issued.json()) as { ticket: string };
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const late = await openStream(shortLived.app, { query: `ticket=${ticket}` });
      expect(late.status).toBe(401);
    } finally {
      await shortLived.runtime.close();
    }
  });

  it('needs credentials to issue one', async () => {
    const res = await t.request('POST', '/v1/events/tickets');
    expect(res.status).toBe(401);
    const outsider = await t.request('POST', '/v1/events/tickets', {
      token: stranger.token,
      accountId: owner.accountId,
    });
    expect(outsider.status).toBe(403);
  });
});

/** The environment `t` was configured from, for a variant of its config. */
function configEnv(ctx: TestContext): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: ctx.databaseUrl,
    QUEUE_PREFIX: ctx.queuePrefix,
    AMQP_URL: ctx.amqpUrl,
    JWT_SECRET: ctx.config.jwtSecret,
    CREDENTIALS_KEY: ctx.config.credentialsKey.toString('hex'),
  };
}
