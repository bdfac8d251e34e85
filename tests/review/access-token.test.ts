import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// An access token must carry an expiry: a token without `exp` would be valid forever.

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
});
afterAll(() => t.close());

function token(claims: { exp?: boolean; sub?: boolean }) {
  // The session (refresh token family) the owner's own token belongs to: tokens name their session.
  const sid = JSON.parse(Buffer.from(owner.token.split('.')[1]!, 'base64url').toString()).sid;
  let jwt = new SignJWT({ typ: 'access', sid })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('turumba')
    .setAudience('turumba-api')
    .setIssuedAt();
  if (claims.sub !== false) jwt = jwt.setSubject(owner.userId);
  if (claims.exp !== false) jwt = jwt.setExpirationTime('10m');
  return jwt.sign(new TextEncoder().encode(t.config.jwtSecret));
}

const context = async (jwt: string) => t.request('GET', '/v1/context/basic', { token: jwt });

describe('access token claims', () => {
  it('accepts a complete token (the refusals below are not vacuous)', async () => {
    expect((await context(await token({}))).status).toBe(200);
  });

  it('refuses a token without exp (401)', async () => {
    const res = await context(await token({ exp: false }));
    expect(res.status, res.text).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a token without sub (401)', async () => {
    expect((await context(await token({ sub: false }))).status).toBe(401);
  });
});
