import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

// Loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, "this
// network", reserved and multicast ranges, and their IPv6 counterparts (ULA covers AWS's
// fd00:ec2::254): a tenant's provider host must not reach our own network.
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  // IPv4-compatible (deprecated) addresses, with :: and ::1 among them.
  ['::', 96],
  ['100::', 64],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
function embeddedIpv4(address: string): string | undefined {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted) return dotted;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) return quadFromWords(hex[1]!, hex[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/i.exec(address);
  if (sixToFour) return quadFromWords(sixToFour[1]!, sixToFour[2]!);
  return undefined;
}

function quadFromWords(high: string, low: string): string {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}

/** True for an IP address on loopback, a private range, link-local, CGNAT, reserved, or the metadata address. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return PRIVATE.check(bare, 'ipv4');
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    return inner ? PRIVATE.check(inner, 'ipv4') : PRIVATE.check(bare, 'ipv6');
  }
  return false;
}

/** True for a private IP literal, `localhost` or a `*.localhost` name (refused without a lookup). */
export function isPrivateHostName(name: string): boolean {
  const host = name
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
}

/** Raised at connect time when a host resolves to a private address and that is not allowed. */
export class PrivateHostError extends Error {
  override name = 'PrivateHostError';
  readonly code = 'ERR_PRIVATE_HOST';
}

/** Resolves a host name to every address it has (what `dns.lookup` with `all: true` gives). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

let resolver: HostResolver = systemResolver;

/**
 * Replaces how provider host names are resolved, both when a channel is saved and when a worker
 * connects; returns the previous resolver. The seam through which tests play a DNS server whose
 * answer changes between the two (rebinding).
 */
export function setHostResolver(next: HostResolver | undefined): HostResolver {
  const previous = resolver;
  resolver = next ?? systemResolver;
  return previous;
}

/**
 * The addresses a host name resolves to, or `undefined` when it does not resolve within
 * `timeoutMs` (an unknown name is the connect's problem, not a reason to refuse a save).
 */
export async function resolveHost(hostname: string, timeoutMs = 3_000): Promise<string[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const answer = await Promise.race([resolver(hostname).catch(() => undefined), deadline]);
    return answer?.map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` replacement for net/tls connect that refuses names resolving to a private
 * address: checked on the address actually connected to, so a DNS answer that changes after the
 * channel was saved (rebinding) is caught too.
 */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  resolver(hostname).then(
    (all) => {
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const list = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
      const refused = list.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(new PrivateHostError(`${hostname} resolves to a private address`), []);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    },
    (err: NodeJS.ErrnoException) => callback(err, []),
  );
}
