import { createHash, createHmac } from 'node:crypto';

/** `config.signature_method`: Vonage's dashboard choices (MD5 hash, MD5/SHA-1/SHA-256/SHA-512 HMAC). */
export const SIGNATURE_METHODS = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/**
 * The `sig` of a set of parameters, as Vonage's "Signing messages" guide describes it
 * (https://developer.vonage.com/getting-started/concepts/signing-messages, "Manually generate a
 * signature"): leave `sig` out; take the parameters sorted by name; in each value replace every `&`
 * and `=` with `_`; join them as `&name=value&name=value` (note the leading `&`); then either append
 * the signature secret and take the MD5 ("MD5 hash"), or take the HMAC of the string with the
 * secret as key. Hex digits; Vonage sends them in upper case for the HMACs.
 */
export function vonageSignature(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: SignatureMethod,
): string {
  const signed = Object.keys(params)
    .filter((name) => name !== 'sig')
    .sort()
    .map((name) => `&${name}=${params[name]!.replace(/[&=]/g, '_')}`)
    .join('');
  if (method === 'md5hash') return createHash('md5').update(`${signed}${secret}`, 'utf8').digest('hex');
  return createHmac(method, secret).update(signed, 'utf8').digest('hex');
}
