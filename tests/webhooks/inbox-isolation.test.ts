import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { pgError } from '../../src/db/errors.js';
import { WebhookInbox } from '../../src/webhooks/inbox.js';
import { as } from '../dispatch/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Webhooks of every account share the inbox's flushes: what one of them carries must never fail the
// others stored with it.

let t: TestContext;
let database: Database;

beforeAll(async () => {
  t = await setupTestApp();
  database = createDatabase(t.databaseUrl, { max: 4 });
});
afterAll(async () => {
  await database.pool.end();
  await t.close();
});

async function inboundPath(owner: Session): Promise<{ id: string; path: string }> {
  const id = await createSandboxChannel(t, owner);
  const res = await t.request('GET', `/v1/channels/${id}`, as(owner));
  return { id, path: new URL(res.body.webhook_urls.inbound).pathname };
}

async function stored(channelId: string): Promise<{ provider_message_id: string; payload: any }[]> {
  const res = await database.pool.query(
    'SELECT provider_message_id, payload FROM webhook_events WHERE channel_id = $1 ORDER BY received_at',
    [channelId],
  );
  return res.rows;
}

describe('the webhook inbox', () => {
  it('stores text with NUL or a lone surrogate, and the webhooks sent with it, all answered 200', async () => {
    const mallory = await inboundPath(await signUp(t));
    const alice = await inboundPath(await signUp(t));
    const crafted = [
      { id: 'nul', from: '+255712000001', text: 'a\u0000b' },
      { id: 'half', from: '+255712000002', text: 'x\ud800y' },
      { id: 'half-\udc00', from: '+255712000003', text: 'odd id' },
    ];
    for (const body of crafted) {
      const fair = Array.from({ length: 3 }, (_, i) => ({
        id: `${body.text.length}-${i}-${randomUUID()}`,
        from: `+25571300000${i}`,
        text: `Hello ${i}`,
      }));
      // Sent together, so they share a flush.
      const answers = await Promise.all([
        t.request('POST', mallory.path, { body }),
        ...fair.map((b) => t.request('POST', alice.path, { body: b })),
      ]);
      expect(
        answers.map((a) => a.status),
        answers.map((a) => a.text).join(' | '),
      ).toEqual([200, 200, 200, 200]);
    }
    expect(await stored(alice.id)).toHaveLength(9);
    const kept = await stored(mallory.id);
    expect(kept.map((r) => r.payload.body)).toEqual(['ab', 'x\ufffdy', 'odd id']);
    expect(kept[2]!.provider_message_id).toBe('half-\ufffd');
    // The same webhook again is still one event.
    expect((await t.request('POST', mallory.path, { body: crafted[2] })).status).toBe(200);
    expect(await stored(mallory.id)).toHaveLength(3);
  });

  it('cuts an id or a status word longer than the unique key can hold, the same event still one', async () => {
    const owner = await signUp(t);
    const channel = { id: await createSandboxChannel(t, owner), accountId: owner.accountId };
    const inbox = new WebhookInbox(database.db);
    // Africa's Talking signs nothing: its callbacks may carry anything in `id` and `status`.
    const receipt = {
      kind: 'status' as const,
      event: {
        providerMessageId: 'k'.repeat(6_000),
        status: 'unknown' as const,
        providerStatus: 's'.repeat(6_000),
        occurredAt: new Date(),
      },
    };
    await inbox.store(channel, [receipt]);
    await inbox.store(channel, [receipt]);
    const rows = await stored(channel.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.provider_message_id).toBe('k'.repeat(500));
    await inbox.drain();
  });

  it('fails only the webhook whose row PostgreSQL refuses, not the others of its flush', async () => {
    const owner = await signUp(t);
    const channelId = await createSandboxChannel(t, owner);
    const inbox = new WebhookInbox(database.db);
    const event = (id: string) => ({
      kind: 'inbound' as const,
      event: { providerMessageId: id, from: '+255712000009', body: 'hi', receivedAt: new Date() },
    });
    // A channel of an account that does not exist: its row breaks the foreign key (23503).
    const results = await Promise.allSettled([
      inbox.store({ id: randomUUID(), accountId: randomUUID() }, [event('orphan')]),
      ...[1, 2, 3].map((i) => inbox.store({ id: channelId, accountId: owner.accountId }, [event(`ok-${i}`)])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(pgError((results[0] as PromiseRejectedResult).reason)?.code).toBe('23503');
    expect((await stored(channelId)).map((r) => r.provider_message_id).sort()).toEqual([
      'ok-1',
      'ok-2',
      'ok-3',
    ]);
    await inbox.drain();
  });
});
