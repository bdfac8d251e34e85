import { timingSafeEqual } from 'node:crypto';
import { BadRequestError } from '../src/errors.js';
import type { RawWebhook } from './types.js';

/** Thrown by a parser for a body that is not the provider's webhook: the route answers 400. */
export function malformedWebhook(detail: string): BadRequestError {
  return new BadRequestError(`Malformed webhook: ${detail}`, undefined, 'malformed_webhook');
}

/** The fields of an `application/x-www-form-urlencoded` body; repeated keys keep every value. */
export function formFields(rawBody: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    const current = fields[key];
    if (current === undefined) fields[key] = value;
    else fields[key] = Array.isArray(current) ? [...current, value] : [current, value];
  }
  return fields;
}

/** A JSON webhook body, or a 400 when it is not JSON. */
export function jsonBody(req: RawWebhook): unknown {
  try {
    return JSON.parse(req.rawBody);
  } catch {
    throw malformedWebhook('the body is not JSON');
  }
}

/** Compares two secrets in constant time (false when either is missing). */
export function secretsEqual(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Meta's subscription handshake (WhatsApp Cloud API, Messenger): `GET ?hub.mode=subscribe&
 * hub.verify_token=...&hub.challenge=...` is answered with the challenge when the token is the
 * channel's `verify_token`; null otherwise (the route answers 401).
 */
export function answerHubChallenge(req: RawWebhook, verifyToken: string | undefined): string | null {
  if (req.query['hub.mode'] !== 'subscribe') return null;
  const challenge = req.query['hub.challenge'];
  if (!challenge || !secretsEqual(req.query['hub.verify_token'], verifyToken)) return null;
  return challenge;
}
