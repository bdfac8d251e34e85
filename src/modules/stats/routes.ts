import { createRoute } from '@hono/zod-openapi';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { BEARER, jsonResponse, tenantErrors } from '../../http/openapi.js';
import { MAX_BUCKETS, MAX_RANGE_DAYS, MessageStats, MessageStatsQuery } from './schemas.js';
import { messageStats } from './service.js';

export function registerStatsRoutes(app: App, deps: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stats/messages',
      tags: ['Stats'],
      security: BEARER,
      summary: 'Sent, delivered and failed messages per day or hour (and channel), with the delivery rate',
      description: `Outbound messages of the account, counted in the day (or hour) they were created in \`timezone\`. At most ${MAX_RANGE_DAYS} days per request. With \`group_message_id\` (extension): one broadcast's messages, each counted when it was sent, delivered or failed, per minute, hour or day, over the broadcast's own span unless from and to are given; at most ${MAX_BUCKETS} buckets.`,
      middleware: [deps.guards.can('messages:read')] as const,
      request: { query: MessageStatsQuery },
      responses: { 200: jsonResponse(MessageStats, 'The counts'), ...tenantErrors },
    }),
    async (c) => c.json(await messageStats(opContext(c, deps), c.req.valid('query')), 200),
  );
}
