import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../../src/modules/auth/access-token.js';

// Access tokens are verified with node:crypto on every request; jose (an independent implementation)
// signs the forgeries, so each refusal below is about the claim it names.
const secret = randomBytes(32).toString('hex');
const userId = randomUUID();
const sessionId = randomUUID();

type Claims = Record<string, unknown>;
function signed(claims: Claims, options: { key?: string; alg?: 'HS256' | 'HS512'; header?: Claims } = {}) {
  const jwt = new SignJWT({ typ: 'access', sid: sessionId, ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', ...options.header })
    .setSubject(String(claims.sub ?? userId))
    .setIssuer(String(claims.iss ?? 'turumba'))
    .setAudience((claims.aud as string | string[]) ?? 'turumba-api')
    .setIssuedAt();
  if (claims.exp === undefined) jwt.setExpirationTime('10m');
  return jwt.sign(new TextEncoder().encode(options.key ?? secret));
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token with any header and payload, signed (or not) by hand. */
function raw(header: Claims, payload: Claims, key = secret): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const validPayload = () => ({
  typ: 'access',
  sid: sessionId,
  sub: userId,
  iss: 'turumba',
  aud: 'turumba-api',
  exp: now() + 600,
});

describe('access token verification', () => {
  it('accepts tokens the platform signs, and a complete one signed elsewhere with its secret', async () => {
    const ours = await signAccessToken(secret, userId, sessionId, 900);
    expect(await verifyAccessToken(secret, ours)).toEqual({ userId, sessionId });
    expect(await verifyAccessToken(secret, await signed({}))).toEqual({ userId, sessionId });
    expect(await verifyAccessToken(secret, await signed({ aud: ['other', 'turumba-api'] }))).toEqual({
      userId,
      sessionId,
    });
  });

  it('refuses another secret, another algorithm, alg none, a changed payload and a crit header', async () => {
    expect(await verifyAccessToken(secret, await signed({}, { key: 'x'.repeat(64) }))).toBeUndefined();
    expect(await verifyAccessToken(secret, await signed({}, { alg: 'HS512' }))).toBeUndefined();
    const [, payload] = (await signed({})).split('.');
    expect(await verifyAccessToken(secret, `${b64({ alg: 'none' })}.${payload}.`)).toBeUndefined();
    const good = (await signed({})).split('.');
    const forged = b64({ ...validPayload(), sub: randomUUID() });
    expect(await verifyAccessToken(secret, `${good[0]}.${forged}.${good[2]}`)).toBeUndefined();
    expect(
      await verifyAccessToken(secret, raw({ alg: 'HS256', crit: ['x'], x: 1 }, validPayload())),
    ).toBeUndefined();
    expect(await verifyAccessToken(secret, raw({ alg: 'HS256' }, validPayload()))).toEqual({
      userId,
      sessionId,
    });
  });

  it('refuses expired, not-yet-valid, missing-exp, wrong issuer, audience, type, subject or session', async () => {
    const cases: Claims[] = [
      { exp: now() - 1 },
      { exp: now() },
      { exp: undefined },
      { exp: String(now() + 600) },
      { nbf: now() + 60 },
      { iss: 'someone-else' },
      { aud: 'another-api' },
      { typ: 'refresh' },
      { sub: 'not-a-uuid' },
      { sid: 42 },
    ];
    for (const change of cases) {
      const payload: Claims = { ...validPayload(), ...change };
      if ('exp' in change && change.exp === undefined) delete payload.exp;
      expect(
        await verifyAccessToken(secret, raw({ alg: 'HS256' }, payload)),
        JSON.stringify(change),
      ).toBeUndefined();
    }
  });

  it('refuses malformed tokens without throwing', async () => {
    for (const token of [
      '',
      'a.b',
      'a.b.c.d',
      '!!.??.**',
      `${b64({ alg: 'HS256' })}.bm90IGpzb24.sig`,
      'e30.e30.e30',
    ]) {
      expect(await verifyAccessToken(secret, token)).toBeUndefined();
    }
    expect(await verifyAccessToken(secret, raw({ alg: 'HS256' }, [1, 2] as never))).toBeUndefined();
  });
});
