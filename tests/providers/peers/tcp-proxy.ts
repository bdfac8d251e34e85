import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between a client and a server on loopback that records what the client sends (the
 * IMAP commands of a plain-text session) and can cut every connection, as a network failure would,
 * or stall them, as a server that stopped answering would.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private clientText = '';
  private refusing = false;
  private stalled = false;
  private readonly held: { to: Socket; chunk: Buffer }[] = [];
  connections = 0;
  port = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy!.relay(client));
    proxy = new TcpProxy(server, targetPort);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.port = (server.address() as { port: number }).port;
    return proxy;
  }

  /** Everything clients sent so far. */
  get sent(): string {
    return this.clientText;
  }

  /** Commands sent so far with this IMAP command name (`IDLE`, `NOOP`), by tagged lines. */
  commands(name: string): number {
    return this.clientText.split(/\r?\n/).filter((line) => new RegExp(`^\\S+ ${name}\\b`, 'i').test(line))
      .length;
  }

  /** Connections open now (client side). */
  get open(): number {
    return [...this.sockets].filter((s) => (s as Socket & { isClient?: boolean }).isClient).length;
  }

  /** Until `resume`, cuts every connection and refuses new ones (the server is unreachable). */
  pause(): void {
    this.refusing = true;
    this.dropAll();
  }

  resume(): void {
    this.refusing = false;
  }

  /** Until `release`, holds every byte in both directions: both ends see a slow peer, not a broken one. */
  stall(): void {
    this.stalled = true;
  }

  /** Lets the held bytes through, in order, and relays again. */
  release(): void {
    this.stalled = false;
    for (const { to, chunk } of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
  }

  /** Cuts every open connection (both sides). */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    this.connections++;
    (client as Socket & { isClient?: boolean }).isClient = true;
    const upstream = connect(this.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => {});
    }
    const forward = (to: Socket, chunk: Buffer) => {
      if (this.stalled) this.held.push({ to, chunk });
      else to.write(chunk);
    };
    client.on('data', (chunk: Buffer) => {
      this.clientText += chunk.toString('latin1');
      forward(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => forward(client, chunk));
  }
}
