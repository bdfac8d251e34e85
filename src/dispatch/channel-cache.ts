import { and, eq } from 'drizzle-orm';
import type { SessionHooks } from '../../providers/definition.js';
import { isProviderId, PROVIDERS } from '../../providers/registry.js';
import type { ChannelProvider } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import { createChannelProvider, type ProviderSettings } from '../modules/channels/channel-provider.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import type { RedisSessionStores } from './session-store.js';
import { TtlCache } from './ttl-cache.js';

type AdapterEntry = { fingerprint: string; provider: ChannelProvider; session: boolean };

/** Given in a process that keeps session providers' sessions (the `send` role). */
export type SessionSupport = {
  hooks: (row: ChannelRow) => SessionHooks;
  stores: RedisSessionStores;
};

/**
 * Channels as the send path sees them: rows cached for a short TTL (a PATCH shows within about a
 * second), and one provider adapter per channel per process, built from the decrypted credentials
 * and config and rebuilt only when those change (a session provider keeps its bind or pool across
 * status changes; see `fingerprint`).
 */
export class ChannelCache {
  private readonly rows: TtlCache<string, ChannelRow | null>;
  private readonly adapters = new Map<string, AdapterEntry>();

  constructor(
    private readonly db: Db,
    private readonly settings: ProviderSettings,
    private readonly logger: Logger,
    ttlMs = 1_000,
    private readonly sessions?: SessionSupport,
  ) {
    this.rows = new TtlCache(ttlMs);
  }

  /** The channel of an account, or null when it does not exist (deleted) in that account. */
  get(channelId: string, accountId: string): Promise<ChannelRow | null> {
    return this.rows.get(`${accountId}/${channelId}`, async () => {
      const [row] = await this.db
        .select()
        .from(channels)
        .where(and(eq(channels.id, channelId), eq(channels.accountId, accountId)));
      return row ?? null;
    });
  }

  /** Records a status this process wrote, so the next jobs see it before the TTL runs out. */
  noteStatus(row: Pick<ChannelRow, 'id' | 'accountId' | 'status'>): void {
    this.rows.update(`${row.accountId}/${row.id}`, (cached) =>
      cached ? { ...cached, status: row.status } : cached,
    );
  }

  /** The adapter of a channel; throws a permanent ProviderError when its stored settings no longer work. */
  adapter(row: ChannelRow): ChannelProvider {
    const fingerprint = settingsFingerprint(row);
    const current = this.adapters.get(row.id);
    if (current?.fingerprint === fingerprint) return current.provider;
    const session = this.sessions !== undefined && isSessionProvider(row.provider);
    const provider = createChannelProvider(row, this.settings, {
      session: session ? { hooks: this.sessions!.hooks(row) } : undefined,
      sessionStore: this.sessions?.stores.forChannel(row.id),
    });
    this.adapters.set(row.id, { fingerprint, provider, session });
    if (current) this.closeAdapter(row.id, current.provider);
    return provider;
  }

  /**
   * Keeps the sessions of these channels (enabled channels of session providers) open, building
   * their adapters when missing or changed, and closes the sessions of channels no longer listed
   * (disabled or deleted). Called periodically by the `send` role.
   */
  keepSessions(rows: ChannelRow[]): void {
    const wanted = new Set(rows.map((r) => r.id));
    for (const row of rows) {
      try {
        this.adapter(row);
      } catch (error) {
        this.logger.warn(
          { channel_id: row.id, err: (error as Error).name },
          'a session channel cannot be opened with its stored settings',
        );
      }
    }
    for (const [channelId, entry] of this.adapters) {
      if (!entry.session || wanted.has(channelId)) continue;
      this.adapters.delete(channelId);
      this.closeAdapter(channelId, entry.provider);
    }
  }

  /** Ends every adapter session (SMPP binds, SMTP pools). */
  async close(): Promise<void> {
    const entries = [...this.adapters.entries()];
    this.adapters.clear();
    await Promise.allSettled(entries.map(([, entry]) => entry.provider.close?.()));
  }

  private closeAdapter(channelId: string, provider: ChannelProvider): void {
    provider.close?.().catch((error: unknown) => {
      this.logger.warn(
        { channel_id: channelId, err: (error as Error).name },
        'closing a replaced adapter failed',
      );
    });
  }
}

function isSessionProvider(provider: string): boolean {
  return isProviderId(provider) && PROVIDERS[provider].sessions === true;
}

// What an adapter is built from. `updated_at` also moves on status changes (verify, throttling),
// which must not tear down a session, so the settings themselves are compared.
function settingsFingerprint(row: ChannelRow): string {
  return JSON.stringify([
    row.provider,
    row.credentialsCiphertext,
    row.credentialsKeyId,
    row.config,
    row.senderName,
  ]);
}
