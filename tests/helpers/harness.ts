import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { createApp, type RouteModule } from '../../src/http/app.js';
import type { App } from '../../src/http/context.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { SmtpSink } from './smtp-sink.js';
import { claimVhost } from './vhost-pool.js';

export type ApiResponse<T = any> = { status: number; headers: Headers; body: T; text: string };

export type RequestOptions = {
  body?: unknown;
  /** Sent as is (for malformed-body tests); wins over `body`. */
  rawBody?: string;
  token?: string;
  accountId?: string;
  headers?: Record<string, string>;
  /** The TCP peer address the API sees. */
  remoteAddress?: string;
};

export type TestContext = {
  app: App;
  runtime: Runtime;
  config: Config;
  sink: SmtpSink;
  databaseUrl: string;
  queuePrefix: string;
  amqpUrl: string;
  /** Captured log lines (JSON strings) of this file's app. */
  logLines: string[];
  request: <T = any>(method: string, path: string, options?: RequestOptions) => Promise<ApiResponse<T>>;
  close: () => Promise<void>;
};

/** Creates this test file's database from the migrated template and returns its URL. */
async function createFileDatabase(): Promise<string> {
  const admin = inject('adminUrl');
  const name = `turumba_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * One isolated platform per test file: its own database, BullMQ prefix, the run's RabbitMQ vhost,
 * an SMTP sink for system mail, and the app served in-process.
 */
export async function setupTestApp(
  env: Record<string, string> = {},
  extraModules: RouteModule[] = [],
): Promise<TestContext> {
  const sink = new SmtpSink();
  const smtpUrl = await sink.start();
  const databaseUrl = await createFileDatabase();
  const queuePrefix = `test-${inject('runId')}-${randomBytes(3).toString('hex')}`;
  // A vhost per file: the contract fixes exchange and queue names, so files running consumers must not share them.
  const vhost = await claimVhost(inject('vhostPoolUrl'));
  const amqpUrl = `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost.name)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    AMQP_URL: amqpUrl,
    SYSTEM_SMTP_URL: smtpUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    // Tests fire requests far faster than any client should; the limiter's own tests set it low.
    API_RATE_LIMIT_PER_SECOND: '100000',
    API_RATE_LIMIT_BURST: '1000000',
    ...env,
  });
  const logLines: string[] = [];
  const runtime = createRuntime(config, createCapturingLogger(config.logLevel, logLines));
  sink.settle = () => runtime.mailer.idle();
  const app = createApp(runtime, extraModules);

  async function request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.accountId) headers['x-account-id'] = options.accountId;
    const response = await app.request(
      path,
      { method, headers, ...(body !== undefined ? { body } : {}) },
      { incoming: { socket: { remoteAddress: options.remoteAddress ?? '127.0.0.1' } } },
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  return {
    app,
    runtime,
    config,
    sink,
    databaseUrl,
    queuePrefix,
    amqpUrl,
    logLines,
    request,
    async close() {
      await runtime.close();
      await sink.close();
      await vhost.release();
    },
  };
}

/** The production logger, writing into `lines` instead of stdout. */
function createCapturingLogger(level: string, lines: string[]) {
  return createLogger(level, {}, { write: (line: string) => void lines.push(line) });
}
