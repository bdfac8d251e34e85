import { createRoute } from '@hono/zod-openapi';
import { readProgress } from '../../dispatch/group-progress.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { registerDeleteRoute } from '../../http/delete-route.js';
import { createIdempotently, IdempotencyKeyHeader } from '../../http/idempotency.js';
import { parseListQuery } from '../../http/list-query.js';
import {
  BEARER,
  errorResponses as e,
  IdParams,
  jsonBody,
  jsonResponse,
  ListQuerySchema,
  listOf,
  tenantErrors,
} from '../../http/openapi.js';
import { GroupMessage, GroupMessageCreate, GroupMessageUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Group messages'];

export function registerGroupMessageRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages',
      tags,
      security: BEARER,
      summary: 'Create a broadcast (draft, or queued to start at once / at scheduled_at)',
      description:
        'A message_body creates a template whose id is returned. Recipients: contacts of contact_group_ids plus contact_ids, minus exclude_contact_ids, one message per contact. Honours Idempotency-Key.',
      middleware: [can('group_messages:send')] as const,
      request: { headers: IdempotencyKeyHeader, ...jsonBody(GroupMessageCreate) },
      responses: { 201: jsonResponse(GroupMessage, 'Created'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const result = await createIdempotently(c, deps, input, async (ctx) => ({
        status: 201,
        body: service.toGroupMessage(await service.createGroupMessage(ctx.db, ctx, input)),
      }));
      return c.json(result.body, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/group-messages',
      tags,
      security: BEARER,
      summary: 'Broadcasts of the account with their progress counters',
      middleware: [can('group_messages:read')] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(GroupMessage, 'GroupMessageList'), 'Broadcasts'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.groupMessageList);
      return c.json(await service.listGroupMessages(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/group-messages/{id}',
      tags,
      security: BEARER,
      summary: 'One broadcast; sent + failed + skipped + cancelled + pending = total_recipients',
      middleware: [can('group_messages:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(GroupMessage, 'The broadcast'), ...tenantErrors },
    }),
    async (c) => {
      const ctx = opContext(c, deps);
      const row = await service.getGroupMessage(ctx, c.req.valid('param').id);
      const waiting = await service.waitingCounts(ctx, [row.id]);
      return c.json(service.toGroupMessage(row, waiting.get(row.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/group-messages/{id}',
      tags,
      security: BEARER,
      summary: 'Edit a draft broadcast',
      middleware: [can('group_messages:send')] as const,
      request: { params: IdParams, ...jsonBody(GroupMessageUpdate) },
      responses: { 200: jsonResponse(GroupMessage, 'Updated'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const row = await service.updateGroupMessage(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(service.toGroupMessage(row), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/group-messages/{id}',
    tags,
    summary: 'Delete a draft or finished broadcast (its messages stay)',
    permission: 'group_messages:manage',
    conflict: true,
    remove: service.deleteGroupMessage,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/{id}/start',
      tags,
      security: BEARER,
      summary: 'Start a draft (draft → queued)',
      middleware: [can('group_messages:send')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(GroupMessage, 'Queued'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) =>
      c.json(
        service.toGroupMessage(await service.startGroupMessage(opContext(c, deps), c.req.valid('param').id)),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/{id}/cancel',
      tags,
      security: BEARER,
      summary: 'Cancel a broadcast; no further message of it reaches a provider',
      middleware: [can('group_messages:send')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(GroupMessage, 'Cancelled'), ...tenantErrors, 409: e[409] },
    }),
    async (c) => {
      const cancelled = await service.cancelGroupMessage(opContext(c, deps), c.req.valid('param').id);
      // Committed: live streams see the cancelled counters now (the send path's later writes follow).
      await deps.live.publisher.publish(await readProgress(deps.database.db, [cancelled.id]));
      return c.json(service.toGroupMessage(cancelled), 200);
    },
  );
}
