import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createChannel, specFor } from './support.js';

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
});
afterAll(() => t.close());

const as = (body?: unknown) => ({ token: owner.token, accountId: owner.accountId, body });

/** The channel.status_changed events recorded for a channel, oldest first. */
async function statusEvents(channelId: string): Promise<{ previous_status: string; status: string }[]> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT payload FROM outbox_events
        WHERE event_type = 'channel.status_changed' AND aggregate_id = $1
        ORDER BY occurred_at, created_at`,
      [channelId],
    );
    return rows.map((r) => ({ previous_status: r.payload.previous_status, status: r.payload.status }));
  } finally {
    await client.end();
  }
}

describe('channel verify', () => {
  it('verifies a sandbox channel as connected and records when', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    const res = await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, status: 'connected', error_message: null });
    expect(Date.parse(res.body.last_verified_at)).toBeGreaterThanOrEqual(Date.parse(created.created_at));
    const got = await t.request('GET', `/v1/channels/${created.id}`, as());
    expect(got.body.status).toBe('connected');
    expect(await statusEvents(created.id)).toEqual([
      { previous_status: 'disconnected', status: 'connected' },
    ]);
  });

  it('refuses to verify a disabled channel', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'), { is_enabled: false });
    const res = await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('channel_disabled');
  });

  it('answers 404 for an unknown channel and 400 for a malformed id', async () => {
    const missing = await t.request('POST', '/v1/channels/6a0c6b0e-6d3f-4a53-9d3c-1f7b2a9c0e11/verify', as());
    expect(missing.status).toBe(404);
    const malformed = await t.request('POST', '/v1/channels/not-a-uuid/verify', as());
    expect(malformed.status).toBe(400);
  });
});

describe('enable and disable', () => {
  it('moves a channel between disabled and disconnected, then connected once verified', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    const verified = await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    expect(verified.body.status).toBe('connected');

    const disabled = await t.request('POST', `/v1/channels/${created.id}/disable`, as());
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.body).toMatchObject({ is_enabled: false, status: 'disabled' });
    // Repeating it changes nothing.
    const again = await t.request('POST', `/v1/channels/${created.id}/disable`, as());
    expect(again.body).toMatchObject({ is_enabled: false, status: 'disabled' });

    const enabled = await t.request('POST', `/v1/channels/${created.id}/enable`, as());
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.body).toMatchObject({ is_enabled: true, status: 'disconnected' });
    const reverified = await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    expect(reverified.body.status).toBe('connected');

    expect(await statusEvents(created.id)).toEqual([
      { previous_status: 'disconnected', status: 'connected' },
      { previous_status: 'connected', status: 'disabled' },
      { previous_status: 'disabled', status: 'disconnected' },
      { previous_status: 'disconnected', status: 'connected' },
    ]);
  });

  it('accepts is_enabled in PATCH with the same effect', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    const off = await t.request('PATCH', `/v1/channels/${created.id}`, as({ is_enabled: false }));
    expect(off.body).toMatchObject({ is_enabled: false, status: 'disabled' });
    const on = await t.request('PATCH', `/v1/channels/${created.id}`, as({ is_enabled: true }));
    expect(on.body).toMatchObject({ is_enabled: true, status: 'disconnected' });
  });

  it('sends a verified channel back to disconnected when its credentials or config change', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    await t.request('POST', `/v1/channels/${created.id}/verify`, as());
    const renamed = await t.request('PATCH', `/v1/channels/${created.id}`, as({ name: 'Still connected' }));
    expect(renamed.body.status).toBe('connected');
    const reconfigured = await t.request(
      'PATCH',
      `/v1/channels/${created.id}`,
      as({ config: { delay_ms: 10 } }),
    );
    expect(reconfigured.body).toMatchObject({ status: 'disconnected', config: { delay_ms: 10 } });
  });
});

describe('provider base URL override', () => {
  let overridden: TestContext;
  let admin: Session;
  beforeAll(async () => {
    overridden = await setupTestApp({ PROVIDER_BASE_URL_OVERRIDE: 'true', PROVIDER_PRIVATE_HOSTS: 'true' });
    admin = await signUp(overridden);
  });
  afterAll(() => overridden.close());

  it('accepts config.base_url on HTTP providers when PROVIDER_BASE_URL_OVERRIDE is on', async () => {
    const created = await createChannel(overridden, admin, specFor('twilio'), {
      config: { from: '+15005550006', base_url: 'http://127.0.0.1:4010' },
    });
    expect(created.config).toEqual({ from: '+15005550006', base_url: 'http://127.0.0.1:4010' });
    const patched = await overridden.request('PATCH', `/v1/channels/${created.id}`, {
      token: admin.token,
      accountId: admin.accountId,
      body: { config: { base_url: 'https://eu.example.test/api' } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.config.base_url).toBe('https://eu.example.test/api');
  });

  it('refuses a loopback or private base_url while PROVIDER_PRIVATE_HOSTS is off', async () => {
    const strict = await setupTestApp({ PROVIDER_BASE_URL_OVERRIDE: 'true' });
    const { channel_type, provider, credentials } = specFor('twilio');
    try {
      const owner = await signUp(strict);
      for (const base_url of [
        'http://127.0.0.1:4010',
        'http://localhost:4010',
        'http://[::1]:4010',
        'http://169.254.169.254',
      ]) {
        const res = await strict.request('POST', '/v1/channels', {
          token: owner.token,
          accountId: owner.accountId,
          body: {
            channel_type,
            provider,
            credentials,
            name: 'x',
            config: { from: '+15005550006', base_url },
          },
        });
        expect(res.status, base_url).toBe(422);
        expect(res.body.errors.map((e: any) => e.path)).toEqual(['config.base_url']);
      }
      const publicHost = await strict.request('POST', '/v1/channels', {
        token: owner.token,
        accountId: owner.accountId,
        body: {
          channel_type,
          provider,
          credentials,
          name: 'x',
          config: { from: '+15005550006', base_url: 'https://eu.example.test/api' },
        },
      });
      expect(publicHost.status, publicHost.text).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('still refuses base_url on providers that do not speak HTTP, and non-HTTP URLs', async () => {
    const sandbox = await overridden.request('POST', '/v1/channels', {
      token: admin.token,
      accountId: admin.accountId,
      body: { name: 'x', channel_type: 'sandbox', config: { base_url: 'http://127.0.0.1:4010' } },
    });
    expect(sandbox.status).toBe(422);
    expect(sandbox.body.errors.map((e: any) => e.path)).toEqual(['config.base_url']);
    const ftp = await overridden.request('POST', '/v1/channels', {
      token: admin.token,
      accountId: admin.accountId,
      body: {
        name: 'x',
        channel_type: 'telegram',
        credentials: specFor('telegram').credentials,
        config: { base_url: 'ftp://127.0.0.1' },
      },
    });
    expect(ftp.status).toBe(422);
    expect(ftp.body.errors.map((e: any) => e.path)).toEqual(['config.base_url']);
  });
});
