import pg from 'pg';
import { backoffDelay, sleep } from '../events/backoff.js';
import { describeError } from '../events/describe-error.js';
import type { Logger } from '../observability/logger.js';
import { OUTBOX_CHANNEL } from './write-event.js';

export type OutboxListenerOptions = {
  databaseUrl: string;
  logger: Logger;
  /** Called on every notification, and after each (re)connect since notifications may have been missed. */
  onNotify: () => void;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** The NOTIFY channel; the outbox's by default (the `webhooks` role listens on its own). */
  channel?: string;
};

/**
 * Holds a dedicated PostgreSQL connection LISTENing on the outbox channel, reconnecting with
 * backoff. A pool connection would not do: LISTEN is per session and the session must stay open.
 */
export class OutboxListener {
  private readonly abort = new AbortController();
  private client: pg.Client | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: OutboxListenerOptions) {}

  /** Starts listening in the background. */
  start(): void {
    this.loop ??= this.listenForever();
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.client?.end().catch(() => {});
    await this.loop;
  }

  private async listenForever(): Promise<void> {
    const { logger, onNotify } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const client = new pg.Client({
        connectionString: this.options.databaseUrl,
        application_name: 'turumba-outbox-listener',
        keepAlive: true,
      });
      const ended = new Promise<void>((resolve) => {
        client.on('error', (err) => {
          logger.warn({ err: describeError(err) }, 'outbox listener connection error');
          resolve();
        });
        client.on('end', () => resolve());
      });
      try {
        this.client = client;
        await client.connect();
        await client.query(`LISTEN ${this.options.channel ?? OUTBOX_CHANNEL}`);
        client.on('notification', () => onNotify());
        if (failures > 0) logger.info('outbox listener reconnected');
        failures = 0;
        onNotify();
        await ended;
      } catch (err) {
        logger.warn({ err: describeError(err) }, 'outbox listener could not connect');
      } finally {
        this.client = undefined;
        await client.end().catch(() => {});
      }
      if (this.abort.signal.aborted) break;
      failures += 1;
      await sleep(
        backoffDelay(failures, this.options.reconnectMinMs, this.options.reconnectMaxMs),
        this.abort.signal,
      );
    }
  }
}
