import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createChannel, specFor, validChannelSpecs } from './support.js';

const run = promisify(execFile);

let t: TestContext;
let owner: Session;
let stranger: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  stranger = await signUp(t);
});
afterAll(() => t.close());

const as = (session: Session, body?: unknown) => ({
  token: session.token,
  accountId: session.accountId,
  body,
});

describe('channel secrets', () => {
  it('never shows a secret in any response, log line or database dump', async () => {
    const specs = validChannelSpecs();
    const secrets = specs.flatMap((s) => s.secrets);
    expect(secrets.length).toBeGreaterThan(10);
    const texts: string[] = [];
    const ids: string[] = [];

    for (const spec of specs) {
      const created = await t.request('POST', '/v1/channels', {
        ...as(owner),
        body: {
          name: `secret ${spec.provider}`,
          channel_type: spec.channel_type,
          provider: spec.provider,
          credentials: spec.credentials,
          config: spec.config,
        },
      });
      expect(created.status, created.text).toBe(201);
      texts.push(created.text);
      const id = created.body.id as string;
      ids.push(id);
      texts.push((await t.request('GET', `/v1/channels/${id}`, as(owner))).text);
      texts.push((await t.request('PATCH', `/v1/channels/${id}`, as(owner, { name: 'renamed' }))).text);
      // Re-sending the same credentials must not echo them either.
      const replaced = await t.request(
        'PATCH',
        `/v1/channels/${id}`,
        as(owner, { credentials: spec.credentials }),
      );
      expect(replaced.status, replaced.text).toBe(200);
      texts.push(replaced.text);
      // Implemented or not (501), verify answers without the secret.
      texts.push((await t.request('POST', `/v1/channels/${id}/verify`, as(owner))).text);
      texts.push((await t.request('POST', `/v1/channels/${id}/disable`, as(owner))).text);
      texts.push((await t.request('POST', `/v1/channels/${id}/enable`, as(owner))).text);
    }
    texts.push((await t.request('GET', '/v1/channels?page_size=100', as(owner))).text);
    texts.push((await t.request('GET', '/openapi.json')).text);

    const { stdout: dump } = await run('pg_dump', ['--no-owner', t.databaseUrl], {
      maxBuffer: 64 * 1024 * 1024,
    });
    // The rows are in the dump (so the check below is meaningful), with their ciphertext.
    for (const id of ids) expect(dump).toContain(id);
    expect(dump).toMatch(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+/);

    const logs = t.logLines.join('\n');
    expect(logs).toContain('channel created');
    for (const secret of secrets) {
      for (const text of texts) expect(text).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(dump).not.toContain(secret);
    }
  });
});

describe('channel access control', () => {
  let channelId: string;
  beforeAll(async () => {
    channelId = (await createChannel(t, owner, specFor('sandbox'))).id;
  });

  it('answers 401 without credentials', async () => {
    expect((await t.request('GET', '/v1/channels')).status).toBe(401);
    expect(
      (await t.request('POST', '/v1/channels', { body: { name: 'x', channel_type: 'sandbox' } })).status,
    ).toBe(401);
    expect((await t.request('POST', `/v1/channels/${channelId}/verify`)).status).toBe(401);
  });

  it("answers 404 for another account's channel on every route, and hides it from lists", async () => {
    const requests: [string, string, unknown?][] = [
      ['GET', `/v1/channels/${channelId}`],
      ['PATCH', `/v1/channels/${channelId}`, { name: 'stolen' }],
      ['PATCH', `/v1/channels/${channelId}`, { credentials: {} }],
      ['POST', `/v1/channels/${channelId}/verify`],
      ['POST', `/v1/channels/${channelId}/enable`],
      ['POST', `/v1/channels/${channelId}/disable`],
      ['DELETE', `/v1/channels/${channelId}`],
    ];
    for (const [method, path, body] of requests) {
      const res = await t.request(method, path, as(stranger, body));
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.text).not.toContain('sandbox channel');
    }
    const list = await t.request('GET', '/v1/channels', as(stranger));
    expect(list.body.items.map((c: any) => c.id)).not.toContain(channelId);
    // Still intact for its owner.
    const mine = await t.request('GET', `/v1/channels/${channelId}`, as(owner));
    expect(mine.body).toMatchObject({ name: 'sandbox channel', is_enabled: true });
  });

  it('lets viewers and agents read channels but not manage them', async () => {
    for (const role of ['viewer', 'agent']) {
      const member = await addMember(t, owner, role);
      const read = await t.request('GET', `/v1/channels/${channelId}`, as(member));
      expect(read.status, role).toBe(200);
      expect((await t.request('GET', '/v1/channels', as(member))).status).toBe(200);
      const writes: [string, string, unknown?][] = [
        ['POST', '/v1/channels', { name: 'x', channel_type: 'sandbox' }],
        ['PATCH', `/v1/channels/${channelId}`, { name: 'y' }],
        ['POST', `/v1/channels/${channelId}/verify`],
        ['POST', `/v1/channels/${channelId}/enable`],
        ['POST', `/v1/channels/${channelId}/disable`],
        ['DELETE', `/v1/channels/${channelId}`],
      ];
      for (const [method, path, body] of writes) {
        const res = await t.request(method, path, as(member, body));
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('permission_denied');
      }
    }
  });

  it('applies the same rules to API keys', async () => {
    const viewerKey = await createApiKey(t, owner, 'viewer');
    expect((await t.request('GET', '/v1/channels', { token: viewerKey })).status).toBe(200);
    const denied = await t.request('POST', '/v1/channels', {
      token: viewerKey,
      body: { name: 'x', channel_type: 'sandbox' },
    });
    expect(denied.status).toBe(403);
    const adminKey = await createApiKey(t, owner, 'admin');
    const created = await t.request('POST', '/v1/channels', {
      token: adminKey,
      body: { name: 'by key', channel_type: 'sandbox' },
    });
    expect(created.status, created.text).toBe(201);
  });
});
