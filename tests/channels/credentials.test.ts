import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CredentialsDecryptionError,
  credentialsKeyId,
  decryptCredentials,
  encryptCredentials,
  maskCredentials,
  maskSecret,
} from '../../src/security/credentials.js';

const key = randomBytes(32);
const secret = {
  account_sid: 'AC0123456789abcdef0123456789abcdef',
  auth_token: 'f00dfeedf00dfeedf00dfeedf00dfeed',
};

/** Flips one bit of one base64url part of the envelope. */
function tamper(ciphertext: string, part: number): string {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('credentials encryption', () => {
  it('round-trips an object and never holds the plaintext', () => {
    const sealed = encryptCredentials(secret, key, 'channel-1');
    expect(sealed.ciphertext).not.toContain(secret.auth_token);
    expect(Buffer.from(sealed.ciphertext.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(
      'f00d',
    );
    expect(decryptCredentials(sealed, key, 'channel-1')).toEqual(secret);
  });

  it('labels the ciphertext with the first 8 hex characters of SHA-256 of the key', () => {
    const sealed = encryptCredentials(secret, key);
    expect(sealed.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(sealed.keyId).toBe(credentialsKeyId(key));
    expect(credentialsKeyId(randomBytes(32))).not.toBe(sealed.keyId);
  });

  it('uses a fresh IV on every write', () => {
    const a = encryptCredentials(secret, key);
    const b = encryptCredentials(secret, key);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext.split('.')[1]).not.toBe(b.ciphertext.split('.')[1]);
    expect(Buffer.from(a.ciphertext.split('.')[1]!, 'base64url')).toHaveLength(12);
  });

  it('detects tampering with the IV, the tag or the body', () => {
    const sealed = encryptCredentials(secret, key);
    for (const part of [1, 2, 3]) {
      expect(() =>
        decryptCredentials({ ...sealed, ciphertext: tamper(sealed.ciphertext, part) }, key),
      ).toThrow(CredentialsDecryptionError);
    }
    expect(() => decryptCredentials({ ...sealed, ciphertext: 'v1.garbage' }, key)).toThrow(
      CredentialsDecryptionError,
    );
  });

  it('refuses a ciphertext moved to another row (context bound as AAD)', () => {
    const sealed = encryptCredentials(secret, key, 'channel-1');
    expect(() => decryptCredentials(sealed, key, 'channel-2')).toThrow(CredentialsDecryptionError);
  });

  it('refuses a key whose id does not match, and supports rotation through a key list', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealed = encryptCredentials(secret, oldKey);
    expect(() => decryptCredentials(sealed, newKey)).toThrow(/No credentials key/);
    expect(decryptCredentials(sealed, [newKey, oldKey])).toEqual(secret);
    // A forged key id pointing at the wrong key still fails authentication.
    expect(() => decryptCredentials({ ...sealed, keyId: credentialsKeyId(newKey) }, newKey)).toThrow(
      CredentialsDecryptionError,
    );
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => encryptCredentials(secret, randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('credentials masking', () => {
  it('shows at most the last 4 characters of long secrets and only bullets for short ones', () => {
    expect(maskSecret('f00dfeedf00dfeedf00dfeedf00d1234')).toBe('••••1234');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret('12345678901')).toBe('••••');
    expect(maskSecret('')).toBe('••••');
    expect(maskSecret(2775)).toBe('••••');
  });

  it('masks every value of an object and keeps its keys', () => {
    expect(maskCredentials({ ...secret, port: 587, none: undefined })).toEqual({
      account_sid: '••••cdef',
      auth_token: '••••feed',
      port: '••••',
    });
  });
});
