import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionHooks } from '../../providers/definition.js';
import { PROVIDERS } from '../../providers/registry.js';
import type { ChannelProvider } from '../../providers/types.js';
import { RedisSessionStores } from '../../src/dispatch/session-store.js';
import { ProviderError } from '../../src/errors.js';
import { as, waitFor } from '../dispatch/support.js';
import { signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { SmppPeer } from './peers/smpp.js';

const message = (n: number) => ({
  messageId: randomBytes(16).toString('hex'),
  to: `+25571200${n}`,
  body: 'Hi',
  attempt: 1,
});

/** Adapters as two worker processes would hold them: session hooks, one Redis-backed session store. */
describe('smpp sessions across processes', () => {
  let redis: Redis;
  let stores: RedisSessionStores;
  let peer: SmppPeer;
  const adapters: ChannelProvider[] = [];
  const statuses: string[] = [];
  const hooks: SessionHooks = {
    receipts: async () => {},
    inbound: async () => {},
    status: (status) => statuses.push(status),
    throttled: () => {},
  };
  const channelId = randomBytes(16).toString('hex');
  const adapter = (config: Record<string, unknown>, allowPrivateHosts = true) => {
    const body = peer.channelBody(config);
    const definition = PROVIDERS.smpp;
    const created = definition.create({
      channelId,
      credentials: definition.credentials.parse(body.credentials),
      config: definition.config.parse(body.config),
      senderName: null,
      baseUrl: undefined,
      allowPrivateHosts,
      webhookUrls: {},
      session: { hooks },
      sessionStore: stores.forChannel(channelId),
    });
    adapters.push(created);
    return created;
  };

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    stores = new RedisSessionStores(redis, `test-smpp-${randomBytes(3).toString('hex')}`);
  });
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.close?.()));
    await peer?.close();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('respects max_binds across two adapters: one binds, the other gives its messages back, then takes over', async () => {
    peer = await SmppPeer.start();
    const first = adapter({ max_binds: 1 });
    const second = adapter({ max_binds: 1 });
    await waitFor(() => peer.boundCount() === 1, 'one bind');
    const outcomes = await Promise.all(
      [first, second].map((a, i) =>
        a.send(message(i)).then(
          (r) => ({ ok: true as const, id: r.providerMessageId }),
          (e: unknown) => ({ ok: false as const, error: e as ProviderError }),
        ),
      ),
    );
    const held = outcomes.findIndex((o) => o.ok);
    expect(held).toBeGreaterThanOrEqual(0);
    const refused = outcomes[1 - held]!;
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error).toBeInstanceOf(ProviderError);
      expect(refused.error.code).toBe('session_unavailable');
    }
    // The holder goes away (its process stops): the other takes the lease and binds.
    await [first, second][held]!.close?.();
    const other = [first, second][1 - held]!;
    await waitFor(() => peer.boundCount() === 1, 'the other binds', 20_000);
    await waitFor(
      () =>
        other.send(message(9)).then(
          () => true,
          () => false,
        ),
      'the other sends',
      20_000,
    );
    expect(peer.maxBound).toBe(1);
    expect(peer.binds).toHaveLength(2);
  });

  it('binds one process per adapter when max_binds is not set, and reports connected', async () => {
    peer = await SmppPeer.start();
    adapter({});
    adapter({});
    await waitFor(() => peer.boundCount() === 2, 'two binds');
    await waitFor(() => statuses.includes('connected'), 'connected reported');
  });

  it('refuses a loopback SMSC host when PROVIDER_PRIVATE_HOSTS is off, at connect time', async () => {
    peer = await SmppPeer.start();
    const body = peer.channelBody();
    const definition = PROVIDERS.smpp;
    const oneShot = definition.create({
      channelId,
      credentials: definition.credentials.parse(body.credentials),
      config: definition.config.parse(body.config),
      senderName: null,
      baseUrl: undefined,
      allowPrivateHosts: false,
      webhookUrls: {},
    });
    adapters.push(oneShot);
    const error = await oneShot.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('host_not_allowed');
    expect(peer.connections).toBe(0);
  });
});

describe('smpp over TLS', () => {
  let dir: string;
  let tls: { key: string; cert: string };
  let peer: SmppPeer;
  beforeAll(() => {
    // A self-signed SMSC certificate for 127.0.0.1, made for this run.
    dir = mkdtempSync(join(tmpdir(), 'smpp-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=smsc.test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    tls = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await peer?.close();
  });

  const oneShot = (config: Record<string, unknown>) => {
    const body = peer.channelBody(config);
    const definition = PROVIDERS.smpp;
    return definition.create({
      channelId: randomBytes(16).toString('hex'),
      credentials: definition.credentials.parse(body.credentials),
      config: definition.config.parse(body.config),
      senderName: null,
      baseUrl: undefined,
      allowPrivateHosts: true,
      webhookUrls: {},
    });
  };

  it('binds over TLS to an SMSC whose certificate the channel trusts, and refuses one it does not', async () => {
    peer = await SmppPeer.start(tls);
    const trusted = oneShot({ tls: true, tls_ca: tls.cert });
    expect(await trusted.verify()).toMatchObject({ status: 'connected' });
    expect(peer.binds).toHaveLength(1);
    await trusted.close?.();
    const untrusted = oneShot({ tls: true });
    const error = await untrusted.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    await untrusted.close?.();
    const plain = oneShot({ tls: false, response_timeout_ms: 500 });
    expect(await plain.verify().catch((e: unknown) => e)).toBeInstanceOf(ProviderError);
    await plain.close?.();
    expect(peer.binds).toHaveLength(1);
  });
});

describe('smpp channel settings', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await setupTestApp({ PROVIDER_PRIVATE_HOSTS: 'false' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 422 for an SMSC host on loopback or a private network unless PROVIDER_PRIVATE_HOSTS', async () => {
    const owner = await signUp(t);
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '192.168.0.10']) {
      const res = await t.request('POST', '/v1/channels', {
        ...as(owner),
        body: {
          name: 'SMSC',
          channel_type: 'smpp',
          credentials: { host, port: 2775, system_id: 'turumba', password: 'secret' },
        },
      });
      expect(res.status, host).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'credentials.host' })]);
    }
    const ok = await t.request('POST', '/v1/channels', {
      ...as(owner),
      body: {
        name: 'SMSC',
        channel_type: 'smpp',
        credentials: { host: 'smsc.example.net', port: 2775, system_id: 'turumba', password: 'secret' },
        config: { window_size: 50, long_messages: 'sar', max_binds: 2 },
      },
    });
    expect(ok.status, ok.text).toBe(201);
    expect(JSON.stringify(ok.body)).not.toContain('secret');
    expect(ok.body.config).toMatchObject({ window_size: 50, long_messages: 'sar', max_binds: 2 });
  });

  it('answers 422 for a transmitter and receiver under a cap of one bind, which could never both be held', async () => {
    const owner = await signUp(t);
    const body = (config: Record<string, unknown>) => ({
      name: 'SMSC',
      channel_type: 'smpp',
      credentials: { host: 'smsc.example.net', port: 2775, system_id: 'turumba', password: 'secret' },
      config,
    });
    const refused = await t.request('POST', '/v1/channels', {
      ...as(owner),
      body: body({ bind_mode: 'transmitter_receiver', max_binds: 1 }),
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'config.max_binds', message: expect.stringMatching(/at least 2/) }),
    ]);
    const created = await t.request('POST', '/v1/channels', {
      ...as(owner),
      body: body({ bind_mode: 'transmitter_receiver', max_binds: 2 }),
    });
    expect(created.status, created.text).toBe(201);
    const patched = await t.request('PATCH', `/v1/channels/${created.body.id}`, {
      ...as(owner),
      body: { config: { bind_mode: 'transmitter_receiver', max_binds: 1 } },
    });
    expect(patched.status, patched.text).toBe(422);
    const single = await t.request('POST', '/v1/channels', {
      ...as(owner),
      body: body({ bind_mode: 'transceiver', max_binds: 1 }),
    });
    expect(single.status, single.text).toBe(201);
  });
});
