import type { Db } from '../db/client.js';
import type { Logger } from '../observability/logger.js';
import type { Queues } from '../queues/catalog.js';
import type { ChannelCache } from './channel-cache.js';
import type { ChannelHealth } from './channel-health.js';
import type { DispatchMetrics } from './dispatch-metrics.js';
import type { BulkGovernor } from './priority/bulk-governor.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RenderContext } from './render-context.js';
import type { StatusWriter } from './status-writer.js';

/** What the send jobs of one worker process share. */
export type DispatchDeps = {
  db: Db;
  writer: StatusWriter;
  channels: ChannelCache;
  health: ChannelHealth;
  render: RenderContext;
  limiter: RateLimiter;
  queues: Queues;
  metrics: DispatchMetrics;
  logger: Logger;
  /** Sets the bulk lane's pace so transactional work comes first (absent: unlimited). */
  governor?: BulkGovernor | undefined;
};
