import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What is stored for a credentials object: the ciphertext envelope and the id of the key that sealed it. */
export type SealedCredentials = { ciphertext: string; keyId: string };

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MASK = '••••';
// Below this length, even 4 visible characters give away too large a share of the secret.
const MIN_LENGTH_TO_SHOW_TAIL = 12;

/** Raised when a ciphertext cannot be opened: wrong or unknown key, altered bytes, bad format. */
export class CredentialsDecryptionError extends Error {
  override name = 'CredentialsDecryptionError';
}

/** The key id stored beside each ciphertext: the first 8 hex characters of SHA-256 of the key. */
export function credentialsKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('The credentials key must be 32 bytes');
}

/**
 * Seals a credentials object with AES-256-GCM under a fresh random IV. `context` (e.g. the channel id)
 * is bound as additional authenticated data, so a ciphertext copied onto another row does not open.
 */
export function encryptCredentials(
  value: Record<string, unknown>,
  key: Buffer,
  context = '',
): SealedCredentials {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const parts = [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')];
  return { ciphertext: parts.join('.'), keyId: credentialsKeyId(key) };
}

/**
 * Opens a sealed credentials object. `keys` may hold the current key and previous ones (rotation):
 * the key whose id matches the stored key id is used. Any tampering throws CredentialsDecryptionError.
 */
export function decryptCredentials(
  sealed: SealedCredentials,
  keys: Buffer | readonly Buffer[],
  context = '',
): Record<string, unknown> {
  const key = (Array.isArray(keys) ? keys : [keys]).find((k: Buffer) => credentialsKeyId(k) === sealed.keyId);
  if (!key) throw new CredentialsDecryptionError(`No credentials key with id ${sealed.keyId}`);
  checkKey(key);
  const [version, iv, tag, body, ...rest] = sealed.ciphertext.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
    throw new CredentialsDecryptionError('Unrecognized credentials envelope');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    const value: unknown = JSON.parse(plain.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CredentialsDecryptionError('Credentials are not an object');
    }
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof CredentialsDecryptionError) throw error;
    // GCM authentication failure or a corrupt body: never include the bytes in the message.
    throw new CredentialsDecryptionError('Credentials could not be decrypted (wrong key or altered data)');
  }
}

/** One secret as shown to users: bullets plus at most the last 4 characters (only bullets when short). */
export function maskSecret(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return text.length >= MIN_LENGTH_TO_SHOW_TAIL ? `${MASK}${text.slice(-4)}` : MASK;
}

/** The masked view of a credentials object: same keys, every value masked. */
export function maskCredentials(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, maskSecret(v)]),
  );
}
