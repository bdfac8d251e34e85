import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import type { AmqpConnection } from '../events/amqp.js';
import { backoffDelay } from '../events/backoff.js';
import { describeError } from '../events/describe-error.js';
import { toEnvelope } from '../events/envelope.js';
import { eventMetrics } from '../events/metrics.js';
import { publishEvents } from '../events/publisher.js';
import { assertTopology } from '../events/topology.js';
import { liveEventsFromOutbox } from '../live/from-outbox.js';
import type { LivePublisher } from '../live/publisher.js';
import type { Logger } from '../observability/logger.js';
import { OutboxListener } from './listener.js';
import { beginClaim, markPublishedAndCommit, recordPublishFailures } from './outbox-store.js';
import { Wakeup } from './wakeup.js';

export type OutboxRelayOptions = {
  database: Database;
  /** For the dedicated LISTEN connection. */
  databaseUrl: string;
  amqp: AmqpConnection;
  logger: Logger;
  registry: Registry;
  /** Forwards the published rows that are live events (channel status, single messages) after commit. */
  live?: LivePublisher | undefined;
  /** Rows claimed, published and marked per transaction. */
  batchSize?: number;
  /** Backstop poll when no notification arrives (a lost NOTIFY, a retry coming due). */
  pollIntervalMs?: number;
  /** Notifications within this window wake the relay once. */
  debounceMs?: number;
  /** Longest wait for the broker's confirms of one batch. */
  confirmTimeoutMs?: number;
  /** Backoff of a failed event: base·2^retry_count, capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Backoff of the relay itself while RabbitMQ or PostgreSQL is unreachable. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
};

const DEFAULTS = {
  batchSize: 500,
  pollIntervalMs: 1_000,
  debounceMs: 10,
  confirmTimeoutMs: 10_000,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  reconnectMinMs: 200,
  reconnectMaxMs: 30_000,
};

/**
 * Publishes outbox events to RabbitMQ, at least once.
 *
 * Each batch is one short transaction: claim ≤ batchSize due rows (FOR UPDATE SKIP LOCKED, oldest
 * first), publish them on a confirm channel, wait for the confirms, mark the confirmed rows published
 * and count a retry on the others, commit: two round trips to PostgreSQL (the BEGIN, the settings and
 * the claim go as one message; so do the mark and the COMMIT). Holding the row locks during the publish is harmless: the
 * API only INSERTs outbox rows (which never wait on these locks) and other relays skip locked rows.
 * The publish is bounded by `confirmTimeoutMs`, and `idle_in_transaction_session_timeout` lets
 * PostgreSQL drop the locks should this process hang. A lease column (claim, commit, publish, mark)
 * would shorten the transaction but needs a schema change and a sweeper for expired leases; at a
 * few milliseconds per batch it buys nothing.
 *
 * A crash (or a failed mark) after the publish rolls the claim back, so the rows are published
 * again with the same event id: consumers dedupe by event id and deterministic job ids.
 * The relay connects to RabbitMQ before claiming anything, so a broker outage leaves rows pending
 * without spending their retries.
 */
export class OutboxRelay {
  private readonly settings: typeof DEFAULTS;
  private readonly wakeup = new Wakeup();
  private readonly listener: OutboxListener;
  private readonly metrics;
  private channel: ConfirmChannel | undefined;
  private readonly watchedConnections = new WeakSet<ChannelModel>();
  /** Set while RabbitMQ blocks our publishing connection (a memory or disk alarm). */
  private blockedReason: string | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.settings = { ...DEFAULTS, ...defined } as typeof DEFAULTS;
    this.metrics = eventMetrics(options.registry);
    this.listener = new OutboxListener({
      databaseUrl: options.databaseUrl,
      logger: options.logger,
      onNotify: () => this.onNotify(),
      reconnectMinMs: this.settings.reconnectMinMs,
      reconnectMaxMs: this.settings.reconnectMaxMs,
    });
  }

  /** Starts listening and relaying in the background. */
  start(): void {
    if (this.loop) return;
    this.listener.start();
    this.loop = this.relayForever();
  }

  /** Stops after the batch in flight (if any) has committed or rolled back. */
  async close(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.debounce);
    this.wakeup.interrupt();
    await this.loop;
    await this.listener.close();
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close().catch(() => {});
  }

  private onNotify(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.wakeup.notify();
    }, this.settings.debounceMs);
  }

  private async relayForever(): Promise<void> {
    const { logger } = this.options;
    let failures = 0;
    while (!this.stopping) {
      let waitMs = this.settings.pollIntervalMs;
      let wakeOnNotify = true;
      try {
        const claimed = await this.relayBatch();
        if (failures > 0) logger.info('outbox relay recovered');
        failures = 0;
        // A full batch means a backlog: go again without waiting.
        if (claimed >= this.settings.batchSize) continue;
      } catch (err) {
        failures += 1;
        waitMs = backoffDelay(failures, this.settings.reconnectMinMs, this.settings.reconnectMaxMs);
        // While broken, notifications must not turn the backoff into a hot loop.
        wakeOnNotify = false;
        logger.warn({ err: describeError(err), failures, retryInMs: waitMs }, 'outbox relay batch failed');
      }
      if (this.stopping) break;
      await this.wakeup.wait(waitMs, wakeOnNotify);
    }
  }

  /** One claim-publish-mark transaction; returns the number of rows claimed. */
  private async relayBatch(): Promise<number> {
    const channel = await this.openChannel();
    const result = await this.inTransaction((client) => this.publishBatch(client, channel));
    if (this.options.live && result.published > 0) {
      await this.options.live.publish(liveEventsFromOutbox(result.rows));
    }
    if (result.claimed === 0) this.metrics.outboxLag.set(0);
    this.metrics.published.inc(result.published);
    if (result.retried > 0) {
      this.metrics.publishFailures.inc({ outcome: 'retry' }, result.retried);
      this.options.logger.warn({ count: result.retried }, 'outbox events not confirmed; will retry');
    }
    if (result.failed.length > 0) {
      this.metrics.publishFailures.inc({ outcome: 'failed' }, result.failed.length);
      this.options.logger.error({ eventIds: result.failed }, 'outbox events failed past max_retries');
    }
    return result.claimed;
  }

  /**
   * Runs `work` in a transaction it opens (with its claim) and commits itself, on a pool connection
   * of its own; rolls back when it throws, and drops the connection if even that failed.
   */
  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.database.pool.connect();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      await client.query('ROLLBACK').catch((err: Error) => {
        broken = err;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Claims due rows (opening the transaction, in one round trip), publishes them on the confirm
   * channel, waits for the confirms, counts a retry on the unconfirmed ones, and marks the confirmed
   * ones published as it commits (one round trip).
   */
  private async publishBatch(client: pg.PoolClient, channel: ConfirmChannel) {
    const { batchSize, confirmTimeoutMs, retryBaseMs, retryMaxMs } = this.settings;
    const rows = await beginClaim(client, batchSize, confirmTimeoutMs * 3);
    if (rows.length === 0) {
      await client.query('COMMIT');
      return { claimed: 0, published: 0, retried: 0, failed: [] as string[], rows };
    }
    const outcomes = await publishEvents(channel, rows.map(toEnvelope), confirmTimeoutMs);
    const published = outcomes.filter((o) => o.error === null).map((o) => o.id);
    const failures = outcomes.flatMap((o) => (o.error === null ? [] : [{ id: o.id, error: o.error }]));
    // A channel that lost confirms may still deliver late ones; start the next batch on a fresh one.
    if (failures.length > 0) this.discardChannel(channel);
    const failed = await recordPublishFailures(client, failures, { baseMs: retryBaseMs, maxMs: retryMaxMs });
    await markPublishedAndCommit(client, published);
    this.metrics.outboxLag.set((Date.now() - rows[0]!.occurredAt.getTime()) / 1000);
    return {
      claimed: rows.length,
      published: published.length,
      retried: failures.length - failed.length,
      failed,
      rows,
    };
  }

  /** The confirm channel, opening it (and declaring the topology) when there is none. */
  private async openChannel(): Promise<ConfirmChannel> {
    // Claiming while the broker blocks publishers would only spend the rows' retries on timeouts.
    if (this.blockedReason !== undefined)
      throw new Error(`RabbitMQ blocks publishing: ${this.blockedReason}`);
    if (this.channel) return this.channel;
    const connection = await this.options.amqp.get();
    this.watchFlowControl(connection);
    const channel = await connection.createConfirmChannel();
    channel.on('error', (err: Error) =>
      this.options.logger.warn({ err: describeError(err) }, 'outbox channel error'),
    );
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    try {
      await assertTopology(channel, () => connection.createChannel());
    } catch (err) {
      await channel.close().catch(() => {});
      throw err;
    }
    this.channel = channel;
    return channel;
  }

  private watchFlowControl(connection: ChannelModel): void {
    if (this.watchedConnections.has(connection)) return;
    this.watchedConnections.add(connection);
    connection.on('blocked', (reason: string) => {
      this.blockedReason = reason;
      this.options.logger.warn({ reason }, 'RabbitMQ blocked the outbox relay connection');
    });
    connection.on('unblocked', () => {
      this.blockedReason = undefined;
      this.options.logger.info('RabbitMQ unblocked the outbox relay connection');
    });
    connection.on('close', () => {
      this.blockedReason = undefined;
    });
  }

  private discardChannel(channel: ConfirmChannel): void {
    if (this.channel === channel) this.channel = undefined;
    channel.close().catch(() => {});
  }
}
