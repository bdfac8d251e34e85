import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/context.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';

/**
 * The API's OpenAPI document, built in-process from the route definitions: no server, database or
 * queue is contacted (registration only reads settings). Fixed settings keep the output stable.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(32),
    CREDENTIALS_KEY: '0'.repeat(64),
    PUBLIC_BASE_URL: 'http://localhost:8080',
    LOG_LEVEL: 'silent',
  });
  const unused = new Proxy(
    {},
    {
      get(_target, key) {
        throw new Error(`building the OpenAPI document must not use deps.${String(key)}`);
      },
    },
  );
  const deps = {
    config,
    database: { db: unused, pool: unused },
    redis: unused,
    mailer: unused,
    // The request middleware logs and counts every request, the document's own included.
    logger: createLogger('silent'),
    metrics: createMetrics(),
    queues: unused,
    live: unused,
    checkAmqp: async () => {},
  } as unknown as AppDeps;
  const app = createApp(deps);
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
