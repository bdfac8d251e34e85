import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { type TrustedProxies, unmapped } from './trusted-proxies.js';

/**
 * The client's address. The TCP peer, unless that peer is a trusted proxy (TRUSTED_PROXIES): then
 * `X-Forwarded-For` is read from the right, skipping trusted proxies, and the first address that is
 * not one is the client. A client cannot escape per-address throttling by sending its own header:
 * only what trusted proxies appended is believed.
 */
export function clientAddress(c: Context): string {
  let peer: string;
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
  const trusted = (c.var as { trustedProxies?: TrustedProxies }).trustedProxies;
  if (!trusted?.check(peer)) return unmapped(peer);
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  let client = unmapped(peer);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapped(hops[i]!);
    if (isIP(hop) === 0) break;
    client = hop;
    if (!trusted.check(hop)) break;
  }
  return client;
}
