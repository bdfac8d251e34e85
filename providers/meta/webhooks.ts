import { createHmac } from 'node:crypto';
import type { RawWebhook } from '../types.js';
import { answerHubChallenge, jsonBody, malformedWebhook, secretsEqual } from '../webhooks.js';

/**
 * Meta signs every webhook POST with the app secret: `X-Hub-Signature-256: sha256=<hex>`, the
 * HMAC-SHA256 of the payload exactly as sent (Meta escapes non-ASCII characters as `\uXXXX` in the
 * body it signs and sends, so the raw body is what to hash, never a re-serialization).
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
 * False without an app secret on the channel: nothing could tell Meta's calls from anyone's.
 */
export function verifyHubSignature(req: RawWebhook, appSecret: string | undefined): boolean {
  if (!appSecret) return false;
  const header = req.headers['x-hub-signature-256'];
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(req.rawBody, 'utf8').digest('hex');
  return secretsEqual(header.slice('sha256='.length).toLowerCase(), expected);
}

/** The subscription handshake (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`). */
export function metaChallenge(req: RawWebhook, verifyToken: string | undefined): string | null {
  return answerHubChallenge(req, verifyToken);
}

/** A Meta webhook body: `{ object, entry: [...] }` with the expected `object`, else a 400. */
export function metaEntries(req: RawWebhook, object: string): Record<string, unknown>[] {
  const body = jsonBody(req) as { object?: unknown; entry?: unknown } | null;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw malformedWebhook('expected a JSON object');
  if (body.object !== object) throw malformedWebhook(`expected object "${object}"`);
  if (!Array.isArray(body.entry)) throw malformedWebhook('entry must be an array');
  return body.entry.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
}

/** Meta's timestamps: seconds (WhatsApp, as a string) or milliseconds (Messenger), as a Date. */
export function metaTime(value: unknown, unit: 's' | 'ms'): Date | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return new Date(unit === 's' ? n * 1000 : n);
}

/** A string field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
