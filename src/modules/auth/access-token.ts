import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'turumba';
const AUDIENCE = 'turumba-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Signs a short-lived access token for a user's session (`sid`: the refresh token family it was
 * issued with, so revoking the session ends the access token at once, not when it expires).
 */
export async function signAccessToken(
  secret: string,
  userId: string,
  sessionId: string,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ typ: 'access', sid: sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

/** The user and session of a valid access token, or undefined. */
export async function verifyAccessToken(
  secret: string,
  token: string,
): Promise<{ userId: string; sessionId: string } | undefined> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      // jose checks exp only when present: a token minted without one must not live forever.
      requiredClaims: ['exp', 'sub', 'sid'],
    });
    if (
      payload.typ !== 'access' ||
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      !UUID.test(payload.sub) ||
      !UUID.test(payload.sid)
    ) {
      return undefined;
    }
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return undefined;
  }
}
