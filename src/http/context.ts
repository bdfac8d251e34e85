import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Database, DbOrTx } from '../db/client.js';
import type { AccountRateLimit } from '../db/schema/tenancy.js';
import type { ApiPressureMeter } from '../dispatch/priority/api-pressure.js';
import type { LiveEvents } from '../live/live-events.js';
import type { Mailer } from '../mail/mailer.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Queues } from '../queues/catalog.js';
import type { RateLimitOutcome } from '../security/api-rate-limit.js';
import type { TrustedProxies } from './trusted-proxies.js';

/** Long-lived collaborators shared by the API and the workers of one process. */
export type AppDeps = {
  config: Config;
  database: Database;
  redis: Redis;
  mailer: Mailer;
  logger: Logger;
  metrics: Metrics;
  /** BullMQ queues under the configured prefix. */
  queues: Queues;
  /** Live events: producers publish after commit, the API serves them as SSE streams. */
  live: LiveEvents;
  /** Reports the API's request latency to the send workers' bulk governor (absent in tests). */
  pressure?: ApiPressureMeter | undefined;
  /** Resolves when RabbitMQ answers; used by /readyz. */
  checkAmqp: () => Promise<void>;
};

export type Actor =
  | { type: 'user'; userId: string; sessionId: string }
  | { type: 'api_key'; apiKeyId: string; accountId: string; roleId: string };

/** The platform acting on its own (a scheduled trigger, a reconciler), never an HTTP caller. */
export type SystemActor = { type: 'system' };

export type Tenant = {
  accountId: string;
  roleId: string;
  roleName: string;
  permissions: string[];
  /** The account's own API request limit (null: the platform's default). */
  apiRateLimit: AccountRateLimit | null;
};

export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    actor: Actor | undefined;
    tenant: Tenant | undefined;
    /** The caller's API rate limit bucket after this request took its token (RateLimit-* headers). */
    rateLimit: RateLimitOutcome | undefined;
    /** TRUSTED_PROXIES, for `clientAddress`. */
    trustedProxies: TrustedProxies;
  };
};

export type App = OpenAPIHono<AppEnv>;

/** What an operation needs to act for someone: the account, the actor and the db (or a transaction). */
export type OpContext = {
  accountId: string;
  actor: Actor | SystemActor;
  requestId: string;
  logger: Logger;
  db: DbOrTx;
  /** The HTTP client behind the request (audit log); absent for the system. */
  client?: { ip: string | undefined; userAgent: string | undefined } | undefined;
};
