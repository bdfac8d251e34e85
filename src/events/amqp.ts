import { type ChannelModel, connect } from 'amqplib';
import type { Logger } from '../observability/logger.js';

/**
 * One AMQP connection per process, opened on first use and re-opened after it drops.
 * Consumers and the relay take channels from it.
 */
export class AmqpConnection {
  private connection: Promise<ChannelModel> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /** The live connection, connecting when there is none. */
  get(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error('AMQP connection closed'));
    if (!this.connection) {
      // noDelay: Nagle's algorithm holds small frames (acks, basic.get, confirms) for up to 40 ms.
      const opening = connect(this.url, { timeout: 5_000, noDelay: true }).then((conn) => {
        conn.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'amqp connection error'));
        conn.on('close', () => {
          if (this.connection === opening) this.connection = undefined;
        });
        return conn;
      });
      opening.catch(() => {
        if (this.connection === opening) this.connection = undefined;
      });
      this.connection = opening;
    }
    return this.connection;
  }

  /** Resolves when the broker answers. */
  async check(): Promise<void> {
    const conn = await this.get();
    const channel = await conn.createChannel();
    await channel.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connection;
    this.connection = undefined;
    if (pending) await pending.then((c) => c.close()).catch(() => {});
  }
}
