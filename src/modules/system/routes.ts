import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { RouteDeps } from '../../http/app.js';
import type { App } from '../../http/context.js';
import { jsonResponse } from '../../http/openapi.js';
import { problemResponse } from '../../http/problem.js';
import { constantTimeEqual } from '../../security/tokens.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const CheckResult = z.object({ status: z.enum(['ok', 'error']), error: z.string().optional() });
const Readiness = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ postgres: CheckResult, redis: CheckResult, rabbitmq: CheckResult }),
  })
  .openapi('Readiness');

const CHECK_TIMEOUT_MS = 2_000;

async function check(run: () => Promise<unknown>): Promise<z.infer<typeof CheckResult>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error.message : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

export function registerSystemRoutes(app: App, deps: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Operations'],
      summary: 'The process is up',
      responses: { 200: jsonResponse(Health, 'Up') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['Operations'],
      summary: 'PostgreSQL, Redis and RabbitMQ are reachable',
      responses: {
        200: jsonResponse(Readiness, 'Ready'),
        503: jsonResponse(Readiness, 'A dependency is down'),
      },
    }),
    async (c) => {
      const [postgres, redis, rabbitmq] = await Promise.all([
        check(() => deps.database.db.execute(sql`SELECT 1`)),
        check(() => deps.redis.ping()),
        check(() => deps.checkAmqp()),
      ]);
      const ok = [postgres, redis, rabbitmq].every((r) => r.status === 'ok');
      const body = {
        status: ok ? ('ok' as const) : ('unavailable' as const),
        checks: { postgres, redis, rabbitmq },
      };
      return ok ? c.json(body, 200) : c.json(body, 503);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['Operations'],
      summary: 'Prometheus metrics',
      description:
        'With METRICS_TOKEN set, requires `Authorization: Bearer <METRICS_TOKEN>`. In production without it, ' +
        'the API does not serve metrics (404): they are on the metrics listener (METRICS_PORT).',
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
        401: { description: 'METRICS_TOKEN is set and the bearer token is missing or wrong' },
        404: { description: 'Production without METRICS_TOKEN: metrics are served on METRICS_PORT only' },
      },
    }),
    async (c) => {
      const token = deps.config.metricsToken;
      if (token !== undefined) {
        const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
        if (given === undefined || !constantTimeEqual(given, token)) {
          return problemResponse(
            c,
            401,
            'unauthorized',
            'Metrics need the METRICS_TOKEN bearer token',
            undefined,
            {
              'WWW-Authenticate': 'Bearer realm="metrics"',
            },
          );
        }
      } else if (deps.config.nodeEnv === 'production') {
        return problemResponse(c, 404, 'not_found', 'No route GET /metrics');
      }
      const text = await deps.metrics.registry.metrics();
      return c.text(text, 200, { 'Content-Type': deps.metrics.registry.contentType });
    },
  );
}
