import { describe, expect, it } from 'vitest';
import type { RawWebhook } from '../../providers/types.js';
import { SIGNATURE_METHODS, vonageSignature } from '../../providers/vonage/signature.js';
import { verifyVonageSignature } from '../../providers/vonage/webhooks.js';
import type { WebhookCall } from './peers/peer.js';
import { signVonage, VonagePeer, type VonageWebhookMethod } from './peers/vonage.js';

// Known answers published with Vonage's own Node SDK (its SMS package's signature test data): one
// inbound message's parameters, one secret, the `sig` Vonage computes with each method.
const VECTOR = {
  params: {
    'message-timestamp': '2013-11-21 15:27:30',
    messageId: '020000001B0FE827',
    msisdn: '14843472194',
    text: 'Test again',
    timestamp: '1385047698',
    to: '13239877404',
    type: 'text',
  },
  secret: 'my_secret_key_for_testing',
  sig: {
    md5hash: 'd2e7b1dc968737c5998ad624e02f90b7',
    md5: 'DDEBD46008C2D4E93CCE578A332A52D5',
    sha1: '27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A',
    sha256: 'DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330',
    sha512:
      'E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82',
  },
} as const;

const URL_BASE = 'https://hooks.turumba.test/v1/webhooks/vonage/TOKENTOKENTOKENTOKEN/inbound';

function raw(call: WebhookCall): RawWebhook {
  const url = new URL(call.url);
  return {
    method: call.method,
    url: call.url,
    headers: call.headers,
    query: Object.fromEntries(url.searchParams),
    rawBody: call.body,
  };
}

describe("Vonage's sig", () => {
  it.each(SIGNATURE_METHODS)("matches Vonage's published signature with %s", (method) => {
    expect(vonageSignature(VECTOR.params, VECTOR.secret, method).toUpperCase()).toBe(
      VECTOR.sig[method].toUpperCase(),
    );
    // The peer's signer, written separately from the same guide, agrees.
    expect(signVonage(VECTOR.params, VECTOR.secret, method).toUpperCase()).toBe(
      VECTOR.sig[method].toUpperCase(),
    );
  });

  it('accepts that published webhook within its time, whichever way it is delivered', () => {
    const at = Number(VECTOR.params.timestamp) * 1000 + 60_000;
    for (const [method, sig] of Object.entries(VECTOR.sig)) {
      const query = { ...VECTOR.params, sig };
      const get: RawWebhook = { method: 'GET', url: URL_BASE, headers: {}, query, rawBody: '' };
      expect(verifyVonageSignature(get, VECTOR.secret, method as never, at)).toBe(true);
      const json: RawWebhook = {
        method: 'POST',
        url: URL_BASE,
        headers: { 'content-type': 'application/json' },
        query: {},
        rawBody: JSON.stringify(query),
      };
      expect(verifyVonageSignature(json, VECTOR.secret, method as never, at)).toBe(true);
      // The same, a day later than Vonage's 24 hours of retries: refused.
      expect(verifyVonageSignature(get, VECTOR.secret, method as never, at + 26 * 3_600_000)).toBe(false);
    }
  });

  const peer = new VonagePeer();
  const fields = {
    'api-key': peer.apiKey,
    msisdn: '33698700001',
    to: peer.number,
    messageId: '0A0000000123ABCD1',
    // `&` and `=` in a value are replaced with `_` before signing, and nowhere else.
    text: 'Fish & chips = 2 for 5? 100% sure',
    type: 'text',
    keyword: 'FISH',
    'message-timestamp': '2026-01-01 12:00:00',
  };
  const deliveries: VonageWebhookMethod[] = ['GET', 'POST', 'POST-JSON'];

  for (const method of SIGNATURE_METHODS) {
    for (const delivery of deliveries) {
      it(`checks a ${method} signature on a ${delivery} webhook, and refuses it altered`, () => {
        const call = peer.signed(URL_BASE, fields, { method: delivery, signing: method });
        expect(verifyVonageSignature(raw(call), peer.signatureSecret, method)).toBe(true);
        // Another method, another secret, an altered value: refused.
        const other = SIGNATURE_METHODS.find((m) => m !== method)!;
        expect(verifyVonageSignature(raw(call), peer.signatureSecret, other)).toBe(false);
        expect(verifyVonageSignature(raw(call), `${peer.signatureSecret}x`, method)).toBe(false);
        const altered =
          delivery === 'GET'
            ? { ...call, url: call.url.replace('Fish', 'Dish') }
            : { ...call, body: call.body.replace('Fish', 'Dish') };
        expect(verifyVonageSignature(raw(altered), peer.signatureSecret, method)).toBe(false);
      });
    }
  }

  it('refuses a webhook without sig, without timestamp, from the future, or when no secret is set', () => {
    const call = peer.signed(URL_BASE, fields, { method: 'GET' });
    const url = new URL(call.url);
    const without = (name: string) => {
      const copy = new URL(url);
      copy.searchParams.delete(name);
      return raw({ ...call, url: copy.toString() });
    };
    expect(verifyVonageSignature(raw(call), peer.signatureSecret, peer.signing)).toBe(true);
    expect(verifyVonageSignature(without('sig'), peer.signatureSecret, peer.signing)).toBe(false);
    expect(verifyVonageSignature(without('timestamp'), peer.signatureSecret, peer.signing)).toBe(false);
    expect(verifyVonageSignature(raw(call), undefined, peer.signing)).toBe(false);
    const ahead = peer.signed(URL_BASE, fields, {
      method: 'GET',
      timestamp: Math.floor(Date.now() / 1000) + 900,
    });
    expect(verifyVonageSignature(raw(ahead), peer.signatureSecret, peer.signing)).toBe(false);
    const malformed: RawWebhook = {
      method: 'POST',
      url: URL_BASE,
      headers: { 'content-type': 'application/json' },
      query: {},
      rawBody: '{not json',
    };
    expect(verifyVonageSignature(malformed, peer.signatureSecret, peer.signing)).toBe(false);
  });
});
