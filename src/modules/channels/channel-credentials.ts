import { decryptCredentials, encryptCredentials, maskCredentials } from '../../security/credentials.js';
import type { ChannelRow } from './present-channel.js';

/** The credential columns of a channel row: ciphertext bound to the channel id, key id, and masked view. */
export function sealChannelCredentials(
  channelId: string,
  credentials: Record<string, unknown>,
  key: Buffer,
): Pick<ChannelRow, 'credentialsCiphertext' | 'credentialsKeyId' | 'credentialsMask'> {
  // A provider without credentials (sandbox) stores nothing to decrypt.
  if (Object.keys(credentials).length === 0) {
    return { credentialsCiphertext: null, credentialsKeyId: null, credentialsMask: {} };
  }
  const sealed = encryptCredentials(credentials, key, channelId);
  return {
    credentialsCiphertext: sealed.ciphertext,
    credentialsKeyId: sealed.keyId,
    credentialsMask: maskCredentials(credentials),
  };
}

/** The decrypted credentials of a channel; throws CredentialsDecryptionError when they cannot be opened. */
export function openChannelCredentials(
  row: Pick<ChannelRow, 'id' | 'credentialsCiphertext' | 'credentialsKeyId'>,
  keys: Buffer | readonly Buffer[],
): Record<string, unknown> {
  if (row.credentialsCiphertext === null || row.credentialsKeyId === null) return {};
  return decryptCredentials(
    { ciphertext: row.credentialsCiphertext, keyId: row.credentialsKeyId },
    keys,
    row.id,
  );
}
