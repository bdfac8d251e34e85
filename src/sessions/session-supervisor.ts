import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { PROVIDERS } from '../../providers/registry.js';
import type { ChannelProvider, SessionListener } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import { createChannelProvider, type ProviderSettings } from '../modules/channels/channel-provider.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import { ChannelLeases } from './channel-lease.js';
import { createSessionSink } from './session-sink.js';

/** How often channels are looked at, and how long a lease lasts; tests shorten both. */
export type SupervisorOptions = {
  /** New, changed, disabled, deleted and re-verified channels are noticed within this. */
  scanMs: number;
  /** A dead process's channels are taken over within this (renewed every third of it). */
  leaseMs: number;
};

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = { scanMs: 5_000, leaseMs: 30_000 };

type Running = {
  fingerprint: string;
  provider: ChannelProvider;
  listener: SessionListener;
  renewal: NodeJS.Timeout;
};

// Providers whose adapters receive over a session of their own (providers/definition.ts `listens`).
const LISTENING_PROVIDERS = Object.values(PROVIDERS)
  .filter((d) => d.listens)
  .map((d) => d.id);

/**
 * Runs the session listeners of every channel whose provider `listens` (email's IMAP mailbox), at
 * most one per channel across all processes: a process runs a channel's listener only while it
 * holds the channel's lease in Redis. Channels are scanned every `scanMs`: an enabled channel not in
 * `error` gets a listener (when its lease is free), one whose credentials or config changed gets a
 * new one, and a disabled, deleted or faulted one (`error`: the login was refused) loses its
 * listener until it is enabled, verified or given new settings. Listeners report their state
 * through their sink, which writes the channel's status.
 */
export class SessionSupervisor {
  private readonly running = new Map<string, Running>();
  /** Channels whose adapter has nothing to listen to (email without IMAP), by settings fingerprint. */
  private readonly silent = new Map<string, string>();
  private readonly leases: ChannelLeases;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Db,
    redis: Redis,
    queuePrefix: string,
    private readonly settings: ProviderSettings,
    private readonly logger: Logger,
    private readonly options: SupervisorOptions = DEFAULT_SUPERVISOR_OPTIONS,
  ) {
    this.leases = new ChannelLeases(redis, queuePrefix, options.leaseMs);
  }

  start(): void {
    if (LISTENING_PROVIDERS.length === 0) return;
    const tick = () => {
      this.scanning = this.scan()
        .catch((error: unknown) => this.logger.warn({ err: (error as Error).name }, 'session scan failed'))
        .finally(() => {
          if (!this.closed) this.timer = setTimeout(tick, this.options.scanMs);
        });
    };
    tick();
  }

  /** Stops every listener this process runs and gives their leases up. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.scanning;
    await Promise.allSettled([...this.running.keys()].map((id) => this.stop(id)));
  }

  /** Channel ids whose listener runs in this process (for tests and metrics). */
  runningChannels(): string[] {
    return [...this.running.keys()];
  }

  private async scan(): Promise<void> {
    const rows = await this.db
      .select()
      .from(channels)
      .where(
        sql`${channels.provider} = ANY(${sql.param(LISTENING_PROVIDERS)}::text[]) AND ${channels.isEnabled} AND ${channels.status} <> 'error'`,
      );
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const id of this.running.keys()) {
      if (!wanted.has(id)) await this.stop(id);
    }
    for (const row of rows) {
      if (this.closed) return;
      const fingerprint = settingsFingerprint(row);
      const current = this.running.get(row.id);
      if (current?.fingerprint === fingerprint) continue;
      if (current) await this.stop(row.id);
      if (this.silent.get(row.id) === fingerprint) continue;
      if (!(await this.leases.acquire(row.id))) continue;
      await this.begin(row, fingerprint);
    }
  }

  private async begin(row: ChannelRow, fingerprint: string): Promise<void> {
    let provider: ChannelProvider;
    try {
      provider = createChannelProvider(row, this.settings);
    } catch (error) {
      // Stored settings that no longer open: the send path reports them; nothing to listen with.
      this.logger.warn({ channel_id: row.id, err: (error as Error).name }, 'session not started');
      this.silent.set(row.id, fingerprint);
      await this.leases.release(row.id);
      return;
    }
    if (!provider.listen) {
      this.silent.set(row.id, fingerprint);
      await provider.close?.();
      await this.leases.release(row.id);
      return;
    }
    this.silent.delete(row.id);
    const logger = this.logger.child({ channel_id: row.id });
    const listener = provider.listen(createSessionSink(this.db, row, logger));
    let renewedAt = Date.now();
    const renewal = setInterval(
      () => {
        this.leases.renew(row.id).then(
          (ours) => {
            if (ours) {
              renewedAt = Date.now();
              return;
            }
            logger.warn({}, 'session lease lost; stopping the session here');
            void this.stop(row.id);
          },
          () => {
            // Redis unreachable: keep the session while the lease would still be ours, then stop
            // (another process may take the channel once Redis answers again).
            if (Date.now() - renewedAt < this.options.leaseMs) return;
            logger.warn({}, 'session lease could not be renewed; stopping the session here');
            void this.stop(row.id);
          },
        );
      },
      Math.max(100, Math.floor(this.options.leaseMs / 3)),
    );
    const session = { fingerprint, provider, listener, renewal };
    this.running.set(row.id, session);
    logger.info({ provider: row.provider }, 'session started');
    // A session that ended by itself (its login refused) is forgotten: the next scan starts it
    // again once the channel is out of `error`, even when its settings did not change (a verify
    // that passed before any scan saw the `error`).
    listener.ended?.then(
      () => {
        if (this.running.get(row.id) === session) void this.stop(row.id);
      },
      () => {},
    );
  }

  private async stop(channelId: string): Promise<void> {
    const current = this.running.get(channelId);
    if (!current) return;
    this.running.delete(channelId);
    clearInterval(current.renewal);
    await current.listener.close().catch(() => {});
    await current.provider.close?.().catch(() => {});
    await this.leases.release(channelId).catch(() => {});
    this.logger.info({ channel_id: channelId }, 'session stopped');
  }
}

// What a listener is built from (the same as the send path's adapter cache): a status change alone
// must not restart the session.
function settingsFingerprint(row: ChannelRow): string {
  return JSON.stringify([
    row.provider,
    row.credentialsCiphertext,
    row.credentialsKeyId,
    row.config,
    row.senderName,
  ]);
}
