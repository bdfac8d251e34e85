import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseTrustedProxies, type TrustedProxies } from './http/trusted-proxies.js';
import type { RateLimitRule } from './security/api-rate-limit.js';

export const WORKER_ROLES = [
  'outbox-relay',
  'event-consumer',
  'scheduler',
  'fanout',
  'send',
  'reconciler',
  'contact-import',
  'webhooks',
] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL with protocol ${protocols.join(' or ')}` },
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/turumba'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  AMQP_URL: url(['amqp:', 'amqps:']).default('amqp://guest:guest@127.0.0.1:5672'),
  QUEUE_PREFIX: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_{}:.-]+$/)
    .default('turumba'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CREDENTIALS_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  /** Earlier credentials keys, comma-separated, still used to read (rotation; see credentials:rotate). */
  CREDENTIALS_KEYS: z
    .string()
    .regex(
      /^\s*(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)(?:\s*,\s*(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=))*\s*$/,
      'must be a comma list of 32-byte keys, each 64 hex characters or base64',
    )
    .optional(),
  DATA_DIR: z.string().min(1).default('./.turumba'),
  SYSTEM_SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Turumba <no-reply@localhost>'),
  AUTH_REQUIRE_EMAIL_VERIFICATION: booleanString.default(true),
  ADMIN_USER: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(1).optional(),
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  PROVIDER_BASE_URL_OVERRIDE: booleanString.default(false),
  PROVIDER_PRIVATE_HOSTS: booleanString.default(false),
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `must be addresses or CIDRs, comma-separated: ${(error as Error).message}`,
        });
      }
    }),
  WORKER_ROLES: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(30 * 86_400),
  API_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  API_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(256),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SCHEDULE_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3600),
  EVENT_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  EVENT_STREAM_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(15),
  EVENT_TICKET_TTL_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(50),
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
  PRIORITY_API_P95_MS: z.coerce.number().min(1).max(10_000).default(25),
  PRIORITY_SINGLE_WAIT_MS: z.coerce.number().min(1).max(60_000).default(250),
  PRIORITY_LOOP_DELAY_MS: z.coerce.number().min(1).max(10_000).default(100),
  PRIORITY_BULK_MIN_RATE: z.coerce.number().min(1).max(1_000_000).default(100),
  PRIORITY_BULK_MIN_SHARE: z.coerce.number().min(0).max(1).default(0.6),
  PRIORITY_DIRECT_ENQUEUE: booleanString.default(true),
  PRIORITY_ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Prometheus listener of worker-only processes (they serve no API); 0 turns it off. */
  metricsPort: number;
  databaseUrl: string;
  redisUrl: string;
  amqpUrl: string;
  queuePrefix: string;
  jwtSecret: string;
  /** Seals channel credentials. */
  credentialsKey: Buffer;
  /** Earlier keys, read only: credentials sealed with one of them still open until re-encrypted. */
  previousCredentialsKeys: Buffer[];
  /** Where a development instance keeps the secrets it generated (JWT_SECRET, CREDENTIALS_KEY). */
  dataDir: string;
  systemSmtpUrl: string | undefined;
  mailFrom: string;
  requireEmailVerification: boolean;
  admin: { user: string; password: string } | undefined;
  publicBaseUrl: string;
  providerBaseUrlOverride: boolean;
  /** Provider hosts may resolve to loopback, private or link-local addresses (checked at connect time). */
  providerPrivateHosts: boolean;
  /** Proxies whose X-Forwarded-For is believed for the client address (login throttling, audit). */
  trustedProxies: TrustedProxies;
  workerRoles: WorkerRole[];
  logLevel: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** `statement_timeout` of the API's database pool (ms, 0 = none); workers' pool has none. */
  apiStatementTimeoutMs: number;
  /** Requests under /v1 one API process serves at once; past it, 503 `overloaded` (0: no limit). */
  apiMaxInFlight: number;
  /** How long a client may take to send its request headers / its whole request (slow clients). */
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  /** Bearer token `/metrics` asks for; in production, without it the API serves no metrics. */
  metricsToken: string | undefined;
  /** How late a scheduled occurrence may still fire after an outage; later ones are recorded as missed. */
  scheduleGraceSeconds: number;
  /** Open live-event streams (GET /v1/events/stream) per user or API key, across all processes. */
  eventStreamsPerUser: number;
  /** A live-event stream sends a heartbeat comment this often. */
  eventStreamHeartbeatSeconds: number;
  /** How long a stream ticket (POST /v1/events/tickets) stays usable. */
  eventTicketTtlSeconds: number;
  /**
   * Requests per second (and burst) each API key, and each user across their sessions, may make on
   * authenticated routes, unless the account sets its own; undefined (API_RATE_LIMIT_PER_SECOND=0): no
   * limit besides the accounts' own.
   */
  apiRateLimit: RateLimitRule | undefined;
  /**
   * Transactional work first (src/dispatch/priority): the bulk lane slows down while the API's
   * request p95, a single message's wait for the single lane or the worker's event-loop delay is
   * over its target, never below `bulkMinRate` messages/s per worker process.
   */
  priority: {
    apiP95TargetMs: number;
    singleWaitTargetMs: number;
    loopDelayTargetMs: number;
    bulkMinRate: number;
    /** Nor below this share of the pace the bulk lane had before it gave way. */
    bulkMinShare: number;
    /**
     * The API puts a new single message on its send lane itself after commit; when false, a
     * `message.queued` event has the event consumer do it.
     */
    directEnqueue: boolean;
    /** How long the API waits for Redis to take that job before handing the message to the event consumer. */
    enqueueTimeoutMs: number;
  };
  /**
   * Secrets generated because they were unset (never in production); the entry point keeps them in
   * DATA_DIR (see src/security/data-dir-secrets.ts) so a restart keeps sessions and credentials.
   */
  generatedSecrets: ('JWT_SECRET' | 'CREDENTIALS_KEY')[];
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseWorkerRoles(value: string | undefined): WorkerRole[] {
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return [...WORKER_ROLES];
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(WORKER_ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw new ConfigError(
      `WORKER_ROLES: unknown role(s) ${unknown.join(', ')}; known roles: ${WORKER_ROLES.join(', ')}`,
    );
  }
  return roles as WorkerRole[];
}

function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const generatedSecrets: Config['generatedSecrets'] = [];
  if (production && (!e.JWT_SECRET || !e.CREDENTIALS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET and CREDENTIALS_KEY are required when NODE_ENV=production',
    );
  }
  if ((e.ADMIN_USER === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ADMIN_USER and ADMIN_PASSWORD must be set together');
  }
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    jwtSecret = randomBytes(32).toString('hex');
    generatedSecrets.push('JWT_SECRET');
  }
  let credentialsKey: Buffer;
  if (e.CREDENTIALS_KEY) {
    credentialsKey = decodeKey(e.CREDENTIALS_KEY);
  } else {
    credentialsKey = randomBytes(32);
    generatedSecrets.push('CREDENTIALS_KEY');
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    amqpUrl: e.AMQP_URL,
    queuePrefix: e.QUEUE_PREFIX,
    jwtSecret,
    credentialsKey,
    previousCredentialsKeys: (e.CREDENTIALS_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map(decodeKey),
    dataDir: e.DATA_DIR,
    systemSmtpUrl: e.SYSTEM_SMTP_URL,
    mailFrom: e.MAIL_FROM,
    requireEmailVerification: e.AUTH_REQUIRE_EMAIL_VERIFICATION,
    admin: e.ADMIN_USER && e.ADMIN_PASSWORD ? { user: e.ADMIN_USER, password: e.ADMIN_PASSWORD } : undefined,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    providerBaseUrlOverride: e.PROVIDER_BASE_URL_OVERRIDE,
    providerPrivateHosts: e.PROVIDER_PRIVATE_HOSTS,
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES),
    workerRoles: parseWorkerRoles(e.WORKER_ROLES),
    logLevel: e.LOG_LEVEL,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    scheduleGraceSeconds: e.SCHEDULE_GRACE_SECONDS,
    eventStreamsPerUser: e.EVENT_STREAMS_PER_USER,
    eventStreamHeartbeatSeconds: e.EVENT_STREAM_HEARTBEAT_SECONDS,
    eventTicketTtlSeconds: e.EVENT_TICKET_TTL_SECONDS,
    apiRateLimit:
      e.API_RATE_LIMIT_PER_SECOND > 0
        ? { perSecond: e.API_RATE_LIMIT_PER_SECOND, burst: e.API_RATE_LIMIT_BURST }
        : undefined,
    priority: {
      apiP95TargetMs: e.PRIORITY_API_P95_MS,
      singleWaitTargetMs: e.PRIORITY_SINGLE_WAIT_MS,
      loopDelayTargetMs: e.PRIORITY_LOOP_DELAY_MS,
      bulkMinRate: e.PRIORITY_BULK_MIN_RATE,
      bulkMinShare: e.PRIORITY_BULK_MIN_SHARE,
      directEnqueue: e.PRIORITY_DIRECT_ENQUEUE,
      enqueueTimeoutMs: e.PRIORITY_ENQUEUE_TIMEOUT_MS,
    },
    apiStatementTimeoutMs: e.API_STATEMENT_TIMEOUT_MS,
    apiMaxInFlight: e.API_MAX_IN_FLIGHT,
    httpHeadersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    generatedSecrets,
  };
}
