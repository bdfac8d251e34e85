import { BlockList, isIP } from 'node:net';

/** The proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXIES); empty: none. */
export type TrustedProxies = { check(address: string): boolean };

/** Parses TRUSTED_PROXIES: addresses and CIDRs, IPv4 or IPv6, comma-separated. Throws on a bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  let any = false;
  for (const entry of (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (!address || family === 0 || rest.length > 0) throw new Error(`not an address or CIDR: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128))
        throw new Error(`bad prefix length: ${entry}`);
      list.addSubnet(address, prefix, type);
    }
    any = true;
  }
  return { check: (address) => any && matches(list, address) };
}

function matches(list: BlockList, address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

// `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is the IPv4 address.
export const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
