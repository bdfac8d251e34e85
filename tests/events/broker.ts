import net from 'node:net';
import { type Channel, type ChannelModel, connect, type GetMessage } from 'amqplib';
import { inject } from 'vitest';
import { claimVhost } from '../helpers/vhost-pool.js';

/**
 * A RabbitMQ vhost of this test file's own. The run's vhost is shared by files running in parallel,
 * and the topology names are fixed by the contract, so the event tests would otherwise race other
 * files' consumers for the same queues.
 */
export async function createVhost(): Promise<{
  url: (port?: number) => string;
  remove: () => Promise<void>;
}> {
  const vhost = await claimVhost(inject('vhostPoolUrl'));
  return {
    url: (port = 5672) => `amqp://guest:guest@127.0.0.1:${port}/${encodeURIComponent(vhost.name)}`,
    remove: vhost.release,
  };
}

/** A test-side connection to observe queues and publish raw messages. */
export async function openBroker(url: string): Promise<{ channel: Channel; close: () => Promise<void> }> {
  const connection: ChannelModel = await connect(url, { noDelay: true });
  const channel = await connection.createChannel();
  return { channel, close: () => connection.close().catch(() => {}) };
}

/** Takes (and acks) every message currently in a queue. */
export async function drainQueue(channel: Channel, queue: string): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const msg = await channel.get(queue);
    if (!msg) return messages;
    channel.ack(msg);
    messages.push(msg);
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Collects messages from a queue until `count` of them match, acking what it takes. */
export async function collectMessages(
  channel: Channel,
  queue: string,
  match: (msg: GetMessage) => boolean,
  count: number,
): Promise<GetMessage[]> {
  const found: GetMessage[] = [];
  await waitFor(async () => {
    for (const msg of await drainQueue(channel, queue)) if (match(msg)) found.push(msg);
    return found.length >= count;
  }, `${count} message(s) on ${queue}`);
  return found;
}

/** A TCP forwarder to RabbitMQ that a test can take down and bring back, to simulate a broker outage. */
export class TcpProxy {
  port = 0;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly targetPort: number) {}

  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Cuts every connection and refuses new ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
