import net from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server (Redis, here) that can stall: while stalled it
 * holds every byte in both directions, as a server that stopped answering would; `resume` lets the
 * held bytes through in order. Nothing is dropped, so both ends see a slow peer, never a broken one.
 */
export class StallProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly held: { to: net.Socket; data: Buffer }[] = [];
  private stalled = false;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
    server: net.Server,
  ) {
    this.server = server;
  }

  static async start(targetUrl: string): Promise<StallProxy> {
    const url = new URL(targetUrl);
    const target = { host: url.hostname, port: Number(url.port) };
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new StallProxy(target, (server.address() as net.AddressInfo).port, server);
    server.on('connection', (client) => proxy.connect(client));
    return proxy;
  }

  /** `targetUrl` with this proxy's address in place of the server's. */
  url(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const { to, data } of this.held.splice(0)) if (!to.destroyed) to.write(data);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connect(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (data: Buffer) => {
        if (this.stalled) this.held.push({ to, data });
        else to.write(data);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
