import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';

const ISSUER = 'turumba';
const AUDIENCE = 'turumba-api';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
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

/** The HMAC key of a secret, made once (the secret does not change while the process runs). */
const keys = new Map<string, KeyObject>();
function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user and session of a valid access token, or undefined. Verified on every request, so with
 * node:crypto's HMAC (synchronous, microseconds) rather than through WebCrypto: only HS256, the
 * signature compared in constant time, then issuer, audience, `exp` (required), `nbf`, `typ`, `sub`, `sid`.
 */
export async function verifyAccessToken(
  secret: string,
  token: string,
): Promise<{ userId: string; sessionId: string } | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (header?.alg !== 'HS256' || header.crit !== undefined) return undefined;
  const expected = createHmac('sha256', hmacKey(secret)).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const payload = decodeJson(payloadPart);
  if (!payload) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const audience = payload.aud;
  if (
    payload.iss !== ISSUER ||
    !(audience === AUDIENCE || (Array.isArray(audience) && audience.includes(AUDIENCE))) ||
    typeof payload.exp !== 'number' ||
    payload.exp <= now ||
    (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now)) ||
    payload.typ !== 'access' ||
    typeof payload.sub !== 'string' ||
    typeof payload.sid !== 'string' ||
    !UUID.test(payload.sub) ||
    !UUID.test(payload.sid)
  ) {
    return undefined;
  }
  return { userId: payload.sub, sessionId: payload.sid };
}
