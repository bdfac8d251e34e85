import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RawWebhook } from '../types.js';

/** The header MessageBird signs every webhook with. */
export const SIGNATURE_HEADER = 'messagebird-signature-jwt';

// Only the HMAC algorithms: the signing key is a shared secret, and a token naming another
// algorithm (`none`, RS256) is refused before anything else is read.
const ALGORITHMS: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
// Clock skew tolerated on `nbf` and `exp`, as MessageBird's own Node.js verifier allows.
const SKEW_SECONDS = 5;

type Claims = {
  iss?: unknown;
  nbf?: unknown;
  exp?: unknown;
  jti?: unknown;
  url_hash?: unknown;
  payload_hash?: unknown;
};

/**
 * Checks `MessageBird-Signature-JWT` (https://developers.messagebird.com/docs/verify-http-requests):
 * a JWT signed with the account's signing key (HS256, HS384 or HS512) whose claims are `iss`
 * "MessageBird", `nbf` and `exp` (the request is fresh), a `jti`, `url_hash` = hex SHA-256 of the full
 * URL called (scheme, host, path and query: our public URL), and `payload_hash` = hex SHA-256 of the
 * raw body, present exactly when there is a body. Any doubt is a refusal; it never throws.
 */
export function verifyMessageBirdSignature(
  req: RawWebhook,
  signingKey: string | undefined,
  now: number = Date.now(),
): boolean {
  const token = req.headers[SIGNATURE_HEADER];
  if (!signingKey || !token) return false;
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [encodedHeader, encodedClaims, signature] = parts as [string, string, string];
  const header = decodeSegment(encodedHeader) as { alg?: unknown } | undefined;
  const hash = typeof header?.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!hash) return false;
  const expected = createHmac(hash, signingKey).update(`${encodedHeader}.${encodedClaims}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;

  const claims = decodeSegment(encodedClaims) as Claims | undefined;
  if (claims === undefined) return false;
  if (claims.iss !== 'MessageBird') return false;
  if (typeof claims.jti !== 'string' || claims.jti === '') return false;
  const seconds = now / 1000;
  if (typeof claims.nbf !== 'number' || seconds < claims.nbf - SKEW_SECONDS) return false;
  if (typeof claims.exp !== 'number' || seconds > claims.exp + SKEW_SECONDS) return false;
  if (!hashEquals(claims.url_hash, sha256(req.url))) return false;
  if (req.rawBody.length > 0) return hashEquals(claims.payload_hash, sha256(req.rawBody));
  // No body: a token that vouches for one was made for another request.
  return claims.payload_hash === undefined;
}

function decodeSegment(segment: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function hashEquals(claim: unknown, actual: Buffer): boolean {
  if (typeof claim !== 'string' || !/^[0-9a-f]{64}$/i.test(claim)) return false;
  return timingSafeEqual(Buffer.from(claim, 'hex'), actual);
}
