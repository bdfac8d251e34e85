import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptCredentials } from '../../src/security/credentials.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createChannel, readChannelRow, specFor, validChannelSpecs } from './support.js';

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp({ PUBLIC_BASE_URL: 'https://api.turumba.test' });
  owner = await signUp(t);
});
afterAll(() => t.close());

const as = (body?: unknown) => ({ token: owner.token, accountId: owner.accountId, body });
const paths = (res: { body: any }) => (res.body.errors ?? []).map((e: { path: string }) => e.path);

describe('channel CRUD for every type and provider', () => {
  for (const spec of validChannelSpecs()) {
    it(`creates, reads, lists, updates and deletes a ${spec.channel_type}/${spec.provider} channel`, async () => {
      const created = await createChannel(t, owner, spec, {
        sender_name: 'Turumba',
        default_country_code: 'ke',
        rate_limit: 50,
        priority: 5,
        retry_count: 4,
        retry_interval: 120,
      });
      expect(created).toMatchObject({
        name: `${spec.provider} channel`,
        channel_type: spec.channel_type,
        provider: spec.provider,
        sender_name: 'Turumba',
        default_country_code: 'KE',
        rate_limit: 50,
        priority: 5,
        retry_count: 4,
        retry_interval: 120,
        is_enabled: true,
        status: 'disconnected',
        last_verified_at: null,
        error_message: null,
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.created_at).toMatch(/Z$/);
      // Every credential is shown, masked; none in full.
      expect(Object.keys(created.credentials).sort()).toEqual(Object.keys(spec.credentials).sort());
      for (const [field, value] of Object.entries(created.credentials)) {
        expect(value, field).toMatch(/^••••.{0,4}$/);
        expect(value).not.toBe(String(spec.credentials[field]));
      }
      expect(created.config).toMatchObject(spec.config);
      for (const url of Object.values(created.webhook_urls) as string[]) {
        expect(url).toMatch(
          new RegExp(`^https://api\\.turumba\\.test/v1/webhooks/${spec.provider}/[A-Za-z0-9_-]{20,}`),
        );
      }

      const got = await t.request('GET', `/v1/channels/${created.id}`, as());
      expect(got.status, got.text).toBe(200);
      expect(got.body).toEqual(created);

      const listed = await t.request('GET', `/v1/channels?filter=provider:eq:${spec.provider}`, as());
      expect(listed.status, listed.text).toBe(200);
      expect(listed.body.items.map((c: any) => c.id)).toContain(created.id);

      const patched = await t.request(
        'PATCH',
        `/v1/channels/${created.id}`,
        as({ name: 'Renamed', rate_limit: null, priority: -1 }),
      );
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Renamed', rate_limit: null, priority: -1 });
      expect(patched.body.credentials).toEqual(created.credentials);

      const deleted = await t.request('DELETE', `/v1/channels/${created.id}`, as());
      expect(deleted.status, deleted.text).toBe(204);
      const gone = await t.request('GET', `/v1/channels/${created.id}`, as());
      expect(gone.status).toBe(404);
    });
  }

  it('applies defaults: sms providers need nothing else, sandbox config gets its defaults', async () => {
    const res = await t.request('POST', '/v1/channels', as({ name: 'Sandbox', channel_type: 'sandbox' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      provider: 'sandbox',
      credentials: {},
      config: { delay_ms: 0, failure_rate: 0, deliver: true },
      rate_limit: null,
      priority: 0,
      retry_count: 3,
      retry_interval: 60,
      sender_name: null,
      default_country_code: null,
      webhook_urls: { inbound: expect.stringMatching(/\/v1\/webhooks\/sandbox\/.+\/inbound$/) },
    });
  });

  it('creates a channel disabled when asked', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'), { is_enabled: false });
    expect(created).toMatchObject({ is_enabled: false, status: 'disabled' });
  });
});

describe('channel validation', () => {
  const post = (body: Record<string, unknown>) => t.request('POST', '/v1/channels', as(body));

  it('requires an SMS provider for sms and the matching provider for other types', async () => {
    const missing = await post({ name: 'x', channel_type: 'sms', credentials: {} });
    expect(missing.status, missing.text).toBe(422);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(paths(missing)).toEqual(['provider']);

    const wrongVendor = await post({ name: 'x', channel_type: 'sms', provider: 'telegram' });
    expect(wrongVendor.status).toBe(422);
    expect(paths(wrongVendor)).toEqual(['provider']);

    const mismatch = await post({ name: 'x', channel_type: 'telegram', provider: 'twilio' });
    expect(mismatch.status).toBe(422);
    expect(paths(mismatch)).toEqual(['provider']);

    const unknown = await post({ name: 'x', channel_type: 'pigeon' });
    expect(unknown.status).toBe(422);
    expect(paths(unknown)).toContain('channel_type');
  });

  it('validates credentials with the provider schema, naming each field', async () => {
    const twilio = specFor('twilio');
    const bad = await post({
      name: 'x',
      channel_type: 'sms',
      provider: 'twilio',
      credentials: { account_sid: 'not-a-sid', extra: 'value' },
    });
    expect(bad.status, bad.text).toBe(422);
    expect(paths(bad).sort()).toEqual([
      'credentials.account_sid',
      'credentials.auth_token',
      'credentials.extra',
    ]);

    const noCredentials = await post({ name: 'x', channel_type: 'telegram' });
    expect(noCredentials.status).toBe(422);
    expect(paths(noCredentials)).toEqual(['credentials.bot_token']);

    const email = specFor('email');
    const halfImap = await post({
      name: 'x',
      channel_type: 'email',
      credentials: { ...email.credentials, imap_user: undefined, imap_pass: undefined },
    });
    expect(halfImap.status, halfImap.text).toBe(422);
    expect(paths(halfImap).sort()).toEqual(['credentials.imap_pass', 'credentials.imap_user']);

    const badPort = await post({
      name: 'x',
      channel_type: 'smpp',
      credentials: { ...specFor('smpp').credentials, port: '2775' },
    });
    expect(paths(badPort)).toEqual(['credentials.port']);

    // A rejected secret is not echoed back.
    const leaked = await post({
      name: 'x',
      channel_type: 'sms',
      provider: 'twilio',
      credentials: { ...twilio.credentials, auth_token: `${twilio.secrets[0]}zz` },
    });
    expect(paths(leaked)).toEqual(['credentials.auth_token']);
    expect(leaked.text).not.toContain(twilio.secrets[0]);
  });

  it('validates config with the provider schema', async () => {
    const res = await post({
      name: 'x',
      channel_type: 'sandbox',
      config: { failure_rate: 2, colour: 'red' },
    });
    expect(res.status, res.text).toBe(422);
    expect(paths(res).sort()).toEqual(['config.colour', 'config.failure_rate']);
  });

  it('checks the channel settings ranges', async () => {
    const res = await post({
      name: '',
      channel_type: 'sandbox',
      rate_limit: 0,
      retry_count: 11,
      retry_interval: 0,
      priority: 1.5,
      default_country_code: 'KEN',
    });
    expect(res.status, res.text).toBe(422);
    expect(paths(res).sort()).toEqual(
      ['default_country_code', 'name', 'priority', 'rate_limit', 'retry_count', 'retry_interval'].sort(),
    );
    const interval = await post({ name: 'x', channel_type: 'sandbox', retry_interval: 86_401 });
    expect(paths(interval)).toEqual(['retry_interval']);
    const count = await post({ name: 'x', channel_type: 'sandbox', retry_count: -1 });
    expect(paths(count)).toEqual(['retry_count']);
  });

  it('answers 400 on malformed JSON and 422 on unknown top-level fields', async () => {
    const malformed = await t.request('POST', '/v1/channels', { ...as(), rawBody: '{"name":' });
    expect(malformed.status).toBe(400);
    const unknown = await post({ name: 'x', channel_type: 'sandbox', colour: 'red' });
    expect(unknown.status).toBe(422);
  });

  it('refuses config.base_url while PROVIDER_BASE_URL_OVERRIDE is off', async () => {
    const twilio = specFor('twilio');
    const res = await post({
      name: 'x',
      channel_type: 'sms',
      provider: 'twilio',
      credentials: twilio.credentials,
      config: { base_url: 'http://127.0.0.1:9999' },
    });
    expect(res.status, res.text).toBe(422);
    expect(paths(res)).toEqual(['config.base_url']);

    const created = await createChannel(t, owner, twilio);
    const patched = await t.request(
      'PATCH',
      `/v1/channels/${created.id}`,
      as({ config: { base_url: 'http://127.0.0.1:9999' } }),
    );
    expect(patched.status).toBe(422);
    expect(paths(patched)).toEqual(['config.base_url']);
  });
});

describe('channel updates', () => {
  it('keeps the credentials when a PATCH omits them, replaces them when it carries them', async () => {
    const spec = specFor('twilio');
    const created = await createChannel(t, owner, spec);
    const before = await readChannelRow(t, created.id);

    const renamed = await t.request(
      'PATCH',
      `/v1/channels/${created.id}`,
      as({ name: 'Renamed', config: {} }),
    );
    expect(renamed.status, renamed.text).toBe(200);
    const kept = await readChannelRow(t, created.id);
    expect(kept.credentials_ciphertext).toBe(before.credentials_ciphertext);
    const opened = decryptCredentials(
      { ciphertext: kept.credentials_ciphertext, keyId: kept.credentials_key_id },
      t.config.credentialsKey,
      created.id,
    );
    expect(opened).toEqual(spec.credentials);

    const replacement = specFor('twilio').credentials;
    const replaced = await t.request('PATCH', `/v1/channels/${created.id}`, as({ credentials: replacement }));
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.credentials.auth_token).toBe(`••••${String(replacement.auth_token).slice(-4)}`);
    const row = await readChannelRow(t, created.id);
    expect(
      decryptCredentials(
        { ciphertext: row.credentials_ciphertext, keyId: row.credentials_key_id },
        t.config.credentialsKey,
        created.id,
      ),
    ).toEqual(replacement);
  });

  it('refuses invalid replacement credentials and keeps the old ones', async () => {
    const created = await createChannel(t, owner, specFor('vonage'));
    const before = await readChannelRow(t, created.id);
    const res = await t.request(
      'PATCH',
      `/v1/channels/${created.id}`,
      as({ credentials: { api_key: 'k!' }, retry_count: 2 }),
    );
    expect(res.status, res.text).toBe(422);
    expect(paths(res).sort()).toEqual(['credentials.api_key', 'credentials.api_secret']);
    const after = await readChannelRow(t, created.id);
    expect(after.credentials_ciphertext).toBe(before.credentials_ciphertext);
    expect(after.retry_count).toBe(before.retry_count);
  });

  it('merges config patches and removes keys set to null', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'), { config: { delay_ms: 5 } });
    const res = await t.request(
      'PATCH',
      `/v1/channels/${created.id}`,
      as({ config: { failure_rate: 0.25, delay_ms: null } }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.config).toEqual({ delay_ms: 0, failure_rate: 0.25, deliver: true });
  });

  it('does not let the channel type or provider change', async () => {
    const created = await createChannel(t, owner, specFor('sandbox'));
    const res = await t.request('PATCH', `/v1/channels/${created.id}`, as({ provider: 'twilio' }));
    expect(res.status).toBe(422);
    const got = await t.request('GET', `/v1/channels/${created.id}`, as());
    expect(got.body.provider).toBe('sandbox');
  });
});

describe('channel lists', () => {
  it('filters and sorts with the shared list query', async () => {
    const other = await signUp(t);
    const mine = (body?: unknown) => ({ token: other.token, accountId: other.accountId, body });
    const a = await createChannel(t, other, specFor('sandbox'), { name: 'Alpha sandbox', priority: 1 });
    const b = await createChannel(t, other, specFor('twilio'), { name: 'Beta twilio', priority: 3 });
    const c = await createChannel(t, other, specFor('telegram'), { name: 'Gamma bot', is_enabled: false });

    const byType = await t.request('GET', '/v1/channels?filter=channel_type:eq:sms', mine());
    expect(byType.body.items.map((x: any) => x.id)).toEqual([b.id]);
    const disabled = await t.request('GET', '/v1/channels?filter=is_enabled:eq:false', mine());
    expect(disabled.body.items.map((x: any) => x.id)).toEqual([c.id]);
    const byStatus = await t.request('GET', '/v1/channels?filter=status:in:disabled,connected', mine());
    expect(byStatus.body.items.map((x: any) => x.id)).toEqual([c.id]);
    const byName = await t.request('GET', '/v1/channels?filter=name:icontains:ALPHA', mine());
    expect(byName.body.items.map((x: any) => x.id)).toEqual([a.id]);
    const sorted = await t.request('GET', '/v1/channels?sort=priority:desc&page_size=2', mine());
    expect(sorted.body).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect(sorted.body.items.map((x: any) => x.id)).toEqual([b.id, a.id]);
    const recent = await t.request('GET', `/v1/channels?filter=created_at:ge:2020-01-01`, mine());
    expect(recent.body.total).toBe(3);

    const badField = await t.request('GET', '/v1/channels?filter=credentials:eq:x', mine());
    expect(badField.status).toBe(400);
    const badValue = await t.request('GET', '/v1/channels?filter=provider:eq:pigeon', mine());
    expect(badValue.status).toBe(400);
  });
});
