import { and, eq, inArray } from 'drizzle-orm';
import { PROVIDERS } from '../../providers/registry.js';
import type { ProviderId } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import type { Logger } from '../observability/logger.js';
import type { ChannelCache } from './channel-cache.js';

/** How often the channels of session providers are looked at (new, changed, disabled, deleted). */
const KEEP_EVERY_MS = 5_000;

/**
 * Keeps a session open in this process for every enabled channel of a session provider (SMPP), so
 * receipts and inbound messages arrive without waiting for a send, and closes those of channels
 * disabled or deleted. A channel's new settings reach its session within one round.
 */
export function startSessionKeeper(deps: { db: Db; channels: ChannelCache; logger: Logger }): {
  stop: () => Promise<void>;
} {
  const providers = (Object.keys(PROVIDERS) as ProviderId[]).filter((id) => PROVIDERS[id].sessions);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  const run = async () => {
    if (providers.length === 0) return;
    try {
      const rows = await deps.db
        .select()
        .from(channels)
        .where(and(eq(channels.isEnabled, true), inArray(channels.provider, providers)));
      if (!stopped) deps.channels.keepSessions(rows);
    } catch (error) {
      deps.logger.warn({ err: (error as Error).name }, 'listing session channels failed');
    }
  };
  const tick = () => {
    round = run().finally(() => {
      if (!stopped) timer = setTimeout(tick, KEEP_EVERY_MS);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
