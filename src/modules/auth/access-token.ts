import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'turumba';
const AUDIENCE = 'turumba-api';

/** Signs a short-lived access token for a user. */
export async function signAccessToken(secret: string, userId: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

/** The user id of a valid access token, or undefined. */
export async function verifyAccessToken(secret: string, token: string): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      // jose checks exp only when present: a token minted without one must not live forever.
      requiredClaims: ['exp', 'sub'],
    });
    return payload.typ === 'access' && typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
