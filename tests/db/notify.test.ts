import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { notifyListeners } from '../../src/db/notify.js';
import { WEBHOOK_CHANNEL, WebhookInbox } from '../../src/webhooks/inbox.js';
import { waitFor } from '../events/broker.js';
import { createSandboxChannel, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// notifyListeners: a NOTIFY after the caller's commit, coalesced, or at the commit of the caller's
// transaction. Heard by a real LISTEN session.

const CHANNEL = 'turumba_test_wake';
let t: TestContext;
let database: Database;
let listener: Listener;
let before = 0;
/** Notifications heard on CHANNEL since the test began. */
const heard = () => listener.count() - before;

type Listener = { count: () => number; end: () => Promise<void> };

/** A LISTEN session on `channel`, counting the notifications it hears. */
async function listen(channel: string): Promise<Listener> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  let count = 0;
  client.on('notification', (n) => {
    if (n.channel === channel) count += 1;
  });
  await client.query(`LISTEN ${channel}`);
  return { count: () => count, end: () => client.end() };
}

beforeAll(async () => {
  t = await setupTestApp();
  database = createDatabase(t.databaseUrl, { max: 2 });
  listener = await listen(CHANNEL);
});

afterAll(async () => {
  await listener.end();
  await database.pool.end();
  await t.close();
});

beforeEach(async () => {
  // Nothing of the previous test still on its way.
  await sleep(50);
  before = listener.count();
});

describe('notifyListeners', () => {
  it('sends one notification for wake-ups asked together and one more for those asked while it was on its way', async () => {
    for (let i = 0; i < 50; i++) await notifyListeners(database.db, CHANNEL);
    // The first went out at once; the other 49 were asked while it was in flight: one more after it.
    await waitFor(() => heard() >= 2, 'two notifications');
    await sleep(100);
    expect(heard()).toBe(2);

    // A wake-up asked later is never folded into one already sent.
    await notifyListeners(database.db, CHANNEL);
    await waitFor(() => heard() >= 3, 'a third notification');
    await sleep(100);
    expect(heard()).toBe(3);
  });

  it("in a transaction, is heard at the transaction's commit and never after a rollback", async () => {
    await database.db.transaction(async (tx) => {
      await notifyListeners(tx, CHANNEL);
      await sleep(150);
      expect(heard()).toBe(0);
    });
    await waitFor(() => heard() >= 1, 'the notification of the committed transaction');

    await expect(
      database.db.transaction(async (tx) => {
        await notifyListeners(tx, CHANNEL);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await sleep(150);
    expect(heard()).toBe(1);
  });

  it("wakes the webhooks role for what the API's webhook inbox stored, once committed, and not for a replay", async () => {
    const owner = await signUp(t, { accountName: 'Inbox' });
    const channelId = await createSandboxChannel(t, owner);
    const inbox = new WebhookInbox(database.db);
    const webhooks = await listen(WEBHOOK_CHANNEL);
    let seen: number;
    try {
      const inbound = {
        kind: 'inbound' as const,
        event: { providerMessageId: 'in-1', from: '+251911000777', body: 'hi', receivedAt: new Date() },
      };
      await inbox.store({ id: channelId, accountId: owner.accountId }, [inbound]);
      await waitFor(() => webhooks.count() >= 1, 'the webhooks role woken');
      // The same event again is skipped by the inbox's unique key: nothing new, nobody woken.
      await inbox.store({ id: channelId, accountId: owner.accountId }, [inbound]);
      await sleep(150);
      seen = webhooks.count();
    } finally {
      await webhooks.end();
    }
    expect(seen).toBe(1);
    const stored = await database.pool.query(
      'SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1',
      [channelId],
    );
    expect(stored.rows[0].n).toBe(1);
  });

  it('returns at once and throws nothing when the database cannot be reached', async () => {
    const unreachable = createDatabase('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    try {
      await expect(notifyListeners(unreachable.db, CHANNEL)).resolves.toBeUndefined();
      // The failed notification settles in the background without an unhandled rejection (which
      // would fail this run); a later wake-up returns at once too.
      await sleep(200);
      await expect(notifyListeners(unreachable.db, CHANNEL)).resolves.toBeUndefined();
      await sleep(200);
      expect(heard()).toBe(0);
    } finally {
      await unreachable.pool.end();
    }
  });
});
