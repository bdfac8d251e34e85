import { connect, isIP, type Socket } from 'node:net';
import { guardedLookup, isPrivateAddress, PrivateHostError } from '../http/private-hosts.js';

/** How a mail connection may reach its server: PROVIDER_PRIVATE_HOSTS and the connect deadline. */
export type ConnectPolicy = { allowPrivateHosts: boolean; timeoutMs: number };

/**
 * Refuses an IP literal on loopback, a private range or link-local before any connection when
 * private hosts are not allowed (`net.connect` skips the lookup for an IP literal, so the guarded
 * lookup cannot see it).
 */
export function checkHostLiteral(host: string, allowPrivateHosts: boolean): void {
  if (allowPrivateHosts) return;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) && isPrivateAddress(bare)) throw new PrivateHostError(`${bare} is a private address`);
}

/** The `lookup` for net/tls connect: refuses names resolving to private addresses unless allowed. */
export function lookupFor(allowPrivateHosts: boolean): typeof guardedLookup | undefined {
  return allowPrivateHosts ? undefined : guardedLookup;
}

/**
 * A plain TCP connection to `host:port`, checked against PROVIDER_PRIVATE_HOSTS on the address
 * actually connected to (a DNS answer that changed since the channel was saved is caught too).
 * nodemailer takes it through `getSocket` and runs TLS (implicit or STARTTLS) over it itself.
 */
export function connectSocket(host: string, port: number, policy: ConnectPolicy): Promise<Socket> {
  return new Promise((resolve, reject) => {
    try {
      checkHostLiteral(host, policy.allowPrivateHosts);
    } catch (error) {
      reject(error);
      return;
    }
    const lookup = lookupFor(policy.allowPrivateHosts);
    const socket = connect({
      host: host.replace(/^\[|\]$/g, ''),
      port,
      ...(lookup ? { lookup: lookup as never } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`connecting to ${host}:${port} timed out`), { code: 'ETIMEDOUT' }));
    }, policy.timeoutMs);
    const failed = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', failed);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', failed);
      // Until nodemailer attaches its own handlers, an error must not be an uncaught 'error' event.
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}
