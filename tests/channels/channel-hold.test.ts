import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { channels } from '../../src/db/schema/index.js';
import { ChannelCache } from '../../src/dispatch/channel-cache.js';
import { ChannelHealth } from '../../src/dispatch/channel-health.js';
import { RateLimiter } from '../../src/dispatch/rate-limiter.js';
import { ProviderError } from '../../src/errors.js';
import type { ChannelRow } from '../../src/modules/channels/present-channel.js';
import { moveSessionStatus } from '../../src/sessions/session-status.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createChannel, specFor } from './support.js';

// A channel the provider refused holds its messages until a verify succeeds. These are the edges
// of that hold: a refusal of settings already replaced, and an `error` written without the flag.

let t: TestContext;
let database: Database;
let owner: Session;
let health: ChannelHealth;

beforeAll(async () => {
  t = await setupTestApp();
  database = createDatabase(t.databaseUrl, { max: 4 });
  owner = await signUp(t);
  const cache = new ChannelCache(database.db, t.config, t.runtime.logger);
  health = new ChannelHealth(
    database.db,
    new RateLimiter(t.runtime.redis, t.queuePrefix),
    cache,
    t.runtime.logger,
  );
});
afterAll(async () => {
  await database.pool.end();
  await t.close();
});

const as = (body?: unknown) => ({ token: owner.token, accountId: owner.accountId, body });

async function row(id: string): Promise<ChannelRow> {
  const [found] = await database.db
    .select()
    .from(channels)
    .where(and(eq(channels.id, id), eq(channels.accountId, owner.accountId)));
  return found!;
}

const refused = () => new ProviderError('Sandbox: authentication failed', false, 'credentials_invalid');

describe('the hold on a channel the provider refused', () => {
  it('ignores a refusal of settings replaced since, and holds on one of the present settings', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    const before = await row(created.id);
    // New settings and a verify while a send on the old ones is still out.
    await t.request('PATCH', `/v1/channels/${created.id}`, as({ config: { delay_ms: 5 } }));
    const verified = await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    expect(verified.body.status).toBe('connected');

    await health.faulted(before, refused());
    expect(await row(created.id)).toMatchObject({ status: 'connected', needsVerify: false });

    await health.faulted(await row(created.id), refused());
    expect(await row(created.id)).toMatchObject({ status: 'error', needsVerify: true });
    const patched = await t.request('PATCH', `/v1/channels/${created.id}`, as({ config: { delay_ms: 0 } }));
    expect(patched.body).toMatchObject({ status: 'error', error_message: 'Sandbox: authentication failed' });
  });

  it('holds a channel in error without the flag (written by an older process) through new settings', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    await database.pool.query(
      `UPDATE channels SET status = 'error', error_message = 'Refused', needs_verify = false WHERE id = $1`,
      [created.id],
    );
    const patched = await t.request('PATCH', `/v1/channels/${created.id}`, as({ config: { delay_ms: 5 } }));
    expect(patched.body).toMatchObject({ status: 'error', error_message: 'Refused' });
    // A fault reported now also sets the flag the older process did not write.
    await health.faulted(await row(created.id), refused());
    expect(await row(created.id)).toMatchObject({ status: 'error', needsVerify: true });
    const verified = await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    expect(verified.body).toMatchObject({ status: 'connected', error_message: null });
    expect((await row(created.id)).needsVerify).toBe(false);
  });

  it('ignores what a session of replaced settings reports about the channel', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    const before = await row(created.id);
    await t.request('PATCH', `/v1/channels/${created.id}`, as({ config: { delay_ms: 5 } }));
    await t.request('POST', `/v1/channels/${created.id}/verify`, as());

    expect(await moveSessionStatus(database.db, before, 'error', 'login refused')).toBeNull();
    expect(await row(created.id)).toMatchObject({ status: 'connected', needsVerify: false });
    expect(await moveSessionStatus(database.db, await row(created.id), 'error', 'login refused')).toBe(
      'error',
    );
    expect(await row(created.id)).toMatchObject({ status: 'error', needsVerify: true });
  });
});
