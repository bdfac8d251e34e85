import { createHmac } from 'node:crypto';
import {
  CredentialsDecryptionError,
  credentialsKeyId,
  decryptCredentials,
  encryptCredentials,
} from '../../security/credentials.js';

/** Who a link unsubscribes: an address, for one channel type, in one account. */
export type UnsubscribeTarget = { accountId: string; channelType: string; address: string };

// The address travels sealed (AES-256-GCM), not in clear: a link in a forwarded mail or an access
// log names nobody, cannot be forged for another address, and needs no row of ours to stay valid
// (a message deleted later does not break the link in the mail the recipient still holds).
const AAD = 'unsubscribe-link';
const TOKEN = /^[A-Za-z0-9._-]{40,1024}$/;

/** The key that seals links: derived from CREDENTIALS_KEY, so it survives restarts like credentials do. */
function linkKey(credentialsKey: Buffer): Buffer {
  return createHmac('sha256', credentialsKey).update('turumba unsubscribe link v1').digest();
}

/** The path segment of a one-click unsubscribe URL for `target`. */
export function sealUnsubscribeToken(target: UnsubscribeTarget, credentialsKey: Buffer): string {
  const sealed = encryptCredentials(
    { a: target.accountId, t: target.channelType, e: target.address },
    linkKey(credentialsKey),
    AAD,
  );
  return sealed.ciphertext;
}

/** The target of a token, or null when it is not one of ours (altered, made with another key). */
export function openUnsubscribeToken(token: string, credentialsKey: Buffer): UnsubscribeTarget | null {
  if (!TOKEN.test(token)) return null;
  const key = linkKey(credentialsKey);
  try {
    const value = decryptCredentials({ ciphertext: token, keyId: credentialsKeyId(key) }, key, AAD);
    const { a, t, e } = value as { a?: unknown; t?: unknown; e?: unknown };
    if (typeof a !== 'string' || typeof t !== 'string' || typeof e !== 'string') return null;
    return { accountId: a, channelType: t, address: e };
  } catch (error) {
    if (error instanceof CredentialsDecryptionError) return null;
    throw error;
  }
}

/** The absolute one-click unsubscribe URL (RFC 8058) for `target`, under PUBLIC_BASE_URL. */
export function unsubscribeUrl(
  publicBaseUrl: string,
  credentialsKey: Buffer,
  target: UnsubscribeTarget,
): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/unsubscribe/${sealUnsubscribeToken(target, credentialsKey)}`;
}
