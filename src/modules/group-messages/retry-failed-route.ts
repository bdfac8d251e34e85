import { createRoute, z } from '@hono/zod-openapi';
import { auditOp } from '../../audit/record-audit.js';
import { redriveFailedMessages } from '../../dispatch/redrive.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { BEARER, errorResponses as e, IdParams, jsonResponse, tenantErrors } from '../../http/openapi.js';
import { GroupMessage } from './schemas.js';
import { getGroupMessage, toGroupMessage } from './service.js';

const RetryFailedResult = z
  .object({
    requeued: z.number().int().openapi({ description: 'Permanently failed messages put back in the queue' }),
    group_message: GroupMessage,
  })
  .openapi('GroupMessageRetryFailed');

/** `POST /v1/group-messages/{id}/retry-failed`: a redrive of a broadcast's permanently failed messages. */
export function registerGroupMessageRetryRoutes(app: App, deps: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/{id}/retry-failed',
      tags: ['Group messages'],
      security: BEARER,
      summary: 'Re-queue every permanently failed message of a broadcast for a fresh round of attempts',
      description:
        'failed_count drops by the number re-queued and a finished broadcast is processing again until they are sent or fail anew.',
      middleware: [deps.guards.can('group_messages:send')] as const,
      request: { params: IdParams },
      responses: { 202: jsonResponse(RetryFailedResult, 'Re-queued'), ...tenantErrors, 409: e[409] },
    }),
    async (c) => {
      const ctx = opContext(c, deps);
      const { id } = c.req.valid('param');
      const { requeued } = await redriveFailedMessages(
        { db: deps.database.db, queues: deps.queues },
        ctx.accountId,
        id,
        async (tx, n) => {
          if (n === 0) return;
          await auditOp(ctx, tx, {
            action: 'group_message.failed_retried',
            resourceType: 'group_message',
            resourceId: id,
            changes: { requeued: { to: n } },
          });
        },
      );
      ctx.logger.info({ group_message_id: id, requeued }, 'broadcast failures re-queued');
      return c.json({ requeued, group_message: toGroupMessage(await getGroupMessage(ctx, id)) }, 202);
    },
  );
}
