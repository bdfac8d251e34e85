import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { LiveHub } from './hub.js';
import { LivePublisher } from './publisher.js';
import { StreamSlots } from './stream-slots.js';
import { StreamTickets } from './tickets.js';

/** A process's live-event parts: producers publish, the API serves streams. */
export type LiveEvents = {
  publisher: LivePublisher;
  hub: LiveHub;
  tickets: StreamTickets;
  slots: StreamSlots;
  /** Heartbeat period of a stream (EVENT_STREAM_HEARTBEAT_SECONDS). */
  heartbeatMs: number;
  /** Open streams allowed per user or API key across all processes (EVENT_STREAMS_PER_USER). */
  streamsPerUser: number;
  /** Ends every open stream (process shutdown). */
  close: () => Promise<void>;
};

/** Builds the live-event parts on the process's Redis connection (the hub subscribes on first use). */
export function createLiveEvents(
  redis: Redis,
  settings: { prefix: string; heartbeatSeconds: number; streamsPerUser: number; ticketTtlSeconds: number },
  logger: Logger,
): LiveEvents {
  const heartbeatMs = settings.heartbeatSeconds * 1000;
  const hub = new LiveHub(redis, settings.prefix, logger);
  return {
    publisher: new LivePublisher(redis, settings.prefix, logger),
    hub,
    tickets: new StreamTickets(redis, settings.prefix, settings.ticketTtlSeconds),
    // Three missed heartbeats free a slot: a dead process's streams stop counting soon after.
    slots: new StreamSlots(redis, settings.prefix, heartbeatMs * 3),
    heartbeatMs,
    streamsPerUser: settings.streamsPerUser,
    close: () => hub.close(),
  };
}
