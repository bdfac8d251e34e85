import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/security/tokens.js';
import { addMember, createApiKey, type Session, signIn, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { expectNotLogged, expectProblem, runSql } from './support.js';

const PASSWORD = 'sessions-secret-pw';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestContext;
let owner: Session;
const secrets: string[] = [PASSWORD];

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { email: uniqueEmail('owner'), password: PASSWORD, accountName: 'Owner Co' });
  secrets.push(owner.email, owner.token, owner.refreshToken);
});
afterAll(() => t.close());

/** A fresh sign-in of the owner: a new refresh token family. */
async function newSession() {
  const session = await signIn(t, owner.email, PASSWORD);
  secrets.push(session.token, session.refreshToken);
  return session;
}

async function refresh(refreshToken: string) {
  const res = await t.request('POST', '/v1/auth/refresh', { body: { refresh_token: refreshToken } });
  if (res.status === 200) secrets.push(res.body.access_token, res.body.refresh_token);
  return res;
}

const context = (token: string) => t.request('GET', '/v1/context/basic', { token });

describe('POST /v1/auth/refresh', () => {
  it('rotates the pair: both new tokens work', async () => {
    const session = await newSession();
    const res = await refresh(session.refreshToken);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: t.config.accessTokenTtlSeconds,
    });
    expect(res.body.refresh_token).not.toBe(session.refreshToken);
    expect((await context(res.body.access_token)).status).toBe(200);
    expect((await refresh(res.body.refresh_token)).status).toBe(200);
  });

  it('revokes the whole family when a rotated token is reused', async () => {
    const session = await newSession();
    const other = await newSession();
    const rotated = await refresh(session.refreshToken);
    expect(rotated.status).toBe(200);
    expectProblem(await refresh(session.refreshToken), 401, 'refresh_token_reused');
    // The newest token of the family stops working too (it may be in an attacker's hands).
    expectProblem(await refresh(rotated.body.refresh_token), 401);
    // Another sign-in (another family) is not affected.
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('lets only one of two parallel rotations of the same token win', async () => {
    const session = await newSession();
    const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const r of results.filter((r) => r.status !== 200)) expectProblem(r, 401);
  });

  it('refuses an expired refresh token', async () => {
    const session = await newSession();
    const moved = await runSql(
      t,
      "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [sha256Hex(session.refreshToken)],
    );
    expect(moved).toBe(1);
    const res = await refresh(session.refreshToken);
    expectProblem(res, 401, 'invalid_refresh_token');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses garbage with 401 and a missing token with 422', async () => {
    expectProblem(await refresh('rt_garbage'), 401, 'invalid_refresh_token');
    expectProblem(await refresh(`rt_${randomBytes(32).toString('base64url')}`), 401, 'invalid_refresh_token');
    expectProblem(await refresh(''), 422);
    expectProblem(await t.request('POST', '/v1/auth/refresh', { body: {} }), 422);
  });
});

describe('POST /v1/auth/logout', () => {
  it('answers 204 and the refresh token stops working', async () => {
    const session = await newSession();
    const res = await t.request('POST', '/v1/auth/logout', { body: { refresh_token: session.refreshToken } });
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await refresh(session.refreshToken), 401);
  });

  it('signs out the whole rotation chain from its newest token', async () => {
    const session = await newSession();
    const rotated = await refresh(session.refreshToken);
    const res = await t.request('POST', '/v1/auth/logout', {
      body: { refresh_token: rotated.body.refresh_token },
    });
    expect(res.status).toBe(204);
    expectProblem(await refresh(rotated.body.refresh_token), 401);
  });

  it('answers 204 for an unknown token', async () => {
    const res = await t.request('POST', '/v1/auth/logout', { body: { refresh_token: 'rt_unknown' } });
    expect(res.status).toBe(204);
  });
});

describe('access tokens', () => {
  const key = () => new TextEncoder().encode(t.config.jwtSecret);
  /** A token shaped like the API's own, with overrides. */
  function sign(
    options: {
      secret?: Uint8Array;
      sub?: string;
      exp?: number;
      typ?: string;
      iss?: string;
      aud?: string;
      sid?: string | null;
    } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    // The session (refresh token family) the owner's own token belongs to.
    const ownSid = JSON.parse(Buffer.from(owner.token.split('.')[1]!, 'base64url').toString()).sid;
    const sid = options.sid === undefined ? ownSid : options.sid;
    return new SignJWT({ typ: options.typ ?? 'access', ...(sid === null ? {} : { sid }) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(options.sub ?? owner.userId)
      .setIssuer(options.iss ?? 'turumba')
      .setAudience(options.aud ?? 'turumba-api')
      .setIssuedAt(now - 3600)
      .setExpirationTime(options.exp ?? now + 600)
      .sign(options.secret ?? key());
  }

  async function expectUnauthorized(headers: Record<string, string>) {
    const res = await t.request('GET', '/v1/context/basic', { headers });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.text).not.toContain(owner.email);
  }

  it('accepts a well-formed token (the forgery checks below are not vacuous)', async () => {
    expect((await context(await sign())).status).toBe(200);
  });

  it('refuses an expired token', async () => {
    const expired = await sign({ exp: Math.floor(Date.now() / 1000) - 60 });
    await expectUnauthorized({ authorization: `Bearer ${expired}` });
  });

  it('refuses a tampered signature, a wrong secret and an unsigned token', async () => {
    const [header, payload, signature] = owner.token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expectUnauthorized({ authorization: `Bearer ${header}.${payload}.${flipped}` });

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const otherUser = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    await expectUnauthorized({ authorization: `Bearer ${header}.${otherUser}.${signature}` });

    await expectUnauthorized({ authorization: `Bearer ${await sign({ secret: randomBytes(32) })}` });

    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectUnauthorized({ authorization: `Bearer ${none}.${payload}.` });
  });

  it('refuses tokens with the wrong type, issuer or audience, or for a user that does not exist', async () => {
    await expectUnauthorized({ authorization: `Bearer ${await sign({ typ: 'refresh' })}` });
    await expectUnauthorized({ authorization: `Bearer ${await sign({ iss: 'someone-else' })}` });
    await expectUnauthorized({ authorization: `Bearer ${await sign({ aud: 'another-api' })}` });
    await expectUnauthorized({ authorization: `Bearer ${await sign({ sub: randomUUID() })}` });
  });

  it('refuses a token without a session, or for a session that does not exist or has ended', async () => {
    await expectUnauthorized({ authorization: `Bearer ${await sign({ sid: null })}` });
    await expectUnauthorized({ authorization: `Bearer ${await sign({ sid: 'not-a-uuid' })}` });
    const session = await newSession();
    const sid = JSON.parse(Buffer.from(session.token.split('.')[1]!, 'base64url').toString()).sid;
    expect((await context(await sign({ sid }))).status).toBe(200);
    await t.request('POST', '/v1/auth/logout', { body: { refresh_token: session.refreshToken } });
    await expectUnauthorized({ authorization: `Bearer ${await sign({ sid })}` });
  });

  it('refuses a missing or malformed Authorization header', async () => {
    await expectUnauthorized({});
    await expectUnauthorized({ authorization: owner.token });
    await expectUnauthorized({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
    await expectUnauthorized({ authorization: 'Bearer' });
    await expectUnauthorized({ authorization: 'Bearer not-a-jwt' });
  });

  it('does not accept a refresh token as an access token', async () => {
    const session = await newSession();
    await expectUnauthorized({ authorization: `Bearer ${session.refreshToken}` });
  });
});

describe('GET /v1/context/basic', () => {
  it('shows the user and each account with the role held there', async () => {
    const res = await context(owner.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      user: {
        id: owner.userId,
        email: owner.email,
        name: 'Test User',
        email_verified: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
      accounts: [
        {
          id: owner.accountId,
          name: 'Owner Co',
          role: { id: expect.stringMatching(UUID), name: 'admin', permissions: ['*'] },
        },
      ],
    });
    expect(res.text).not.toMatch(/password/i);
  });

  it('lists every account of a member, each with its own role', async () => {
    const member = await addMember(t, owner, 'viewer');
    secrets.push(member.email, member.token, member.refreshToken);
    const res = await context(member.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body.user.id).toBe(member.userId);
    const byId = new Map(res.body.accounts.map((a: { id: string }) => [a.id, a]));
    expect(byId.size).toBe(2);
    expect(byId.get(owner.accountId)).toMatchObject({ name: 'Owner Co', role: { name: 'viewer' } });
    const viewer = byId.get(owner.accountId) as { role: { permissions: string[] } };
    expect(viewer.role.permissions.length).toBeGreaterThan(0);
    expect(viewer.role.permissions.every((p) => p.endsWith(':read'))).toBe(true);
    expect(res.body.accounts.find((a: { id: string }) => a.id !== owner.accountId)).toMatchObject({
      name: 'Own Account',
      role: { name: 'admin', permissions: ['*'] },
    });
  });

  it('refuses an API key with 403', async () => {
    const apiKey = await createApiKey(t, owner);
    secrets.push(apiKey);
    expectProblem(await context(apiKey), 403, 'user_required');
  });
});

describe('logs', () => {
  it('hold no password, token or full email address of the test users', () => {
    expectNotLogged(t, secrets);
  });
});
