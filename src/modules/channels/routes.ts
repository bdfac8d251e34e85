import { createRoute } from '@hono/zod-openapi';
import { RedisSessionStores } from '../../dispatch/session-store.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { parseListQuery, presentPage } from '../../http/list-query.js';
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
import { channelList, toChannel } from './present-channel.js';
import { Channel, ChannelCreate, ChannelUpdate, DeleteChannelQuery } from './schemas.js';
import * as service from './service.js';
import { verifyChannel } from './verify-channel.js';

const tags = ['Channels'];

export function registerChannelRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;
  const { config } = deps;
  // Verify respects a session provider's cap on sessions (SMPP max_binds), shared in Redis.
  // Made on the first verify: registering the routes (e.g. to build the OpenAPI document) touches no Redis.
  let sessionStores: RedisSessionStores | undefined;
  const stores = () => {
    sessionStores ??= new RedisSessionStores(deps.redis, config.queuePrefix);
    return sessionStores;
  };
  const present = (row: Parameters<typeof toChannel>[0]) => toChannel(row, config.publicBaseUrl);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/channels',
      tags,
      security: BEARER,
      summary: 'Channels of the account (credentials masked)',
      middleware: [can('channels:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Channel, 'ChannelList'), 'Channels'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), channelList);
      const page = await service.listChannels(opContext(c, deps), parsed);
      return c.json(presentPage(page, present), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/channels',
      tags,
      security: BEARER,
      summary: 'Create a channel; credentials are validated by the provider and stored encrypted',
      middleware: [can('channels:manage')] as const,
      request: jsonBody(ChannelCreate),
      responses: { 201: jsonResponse(Channel, 'Created'), ...tenantErrors, 422: e[422] },
    }),
    async (c) =>
      c.json(present(await service.createChannel(opContext(c, deps), config, c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/channels/{id}',
      tags,
      security: BEARER,
      summary: 'One channel (credentials masked)',
      middleware: [can('channels:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Channel, 'The channel'), ...tenantErrors },
    }),
    async (c) => c.json(present(await service.getChannel(opContext(c, deps), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/channels/{id}',
      tags,
      security: BEARER,
      summary: 'Change a channel; omitted credentials are kept, given credentials replace them',
      middleware: [can('channels:manage')] as const,
      request: { params: IdParams, ...jsonBody(ChannelUpdate) },
      responses: { 200: jsonResponse(Channel, 'Updated'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const row = await service.updateChannel(
        opContext(c, deps),
        config,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(present(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/channels/{id}',
      tags,
      security: BEARER,
      summary: 'Delete a channel; its messages stay, without a channel',
      description:
        'Refused with 409 `channel_in_use` while a queued or processing broadcast, or a pending, triggered or paused schedule, uses the channel. With `force=true` those are cancelled first, in the same transaction (extension).',
      middleware: [can('channels:manage')] as const,
      request: { params: IdParams, query: DeleteChannelQuery },
      responses: { 204: { description: 'Deleted' }, ...tenantErrors, 409: e[409] },
    }),
    async (c) => {
      const { force } = c.req.valid('query');
      await service.deleteChannel(opContext(c, deps), c.req.valid('param').id, { force: force === 'true' });
      return c.body(null, 204);
    },
  );

  for (const action of ['enable', 'disable'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/channels/{id}/${action}`,
        tags,
        security: BEARER,
        summary:
          action === 'enable'
            ? 'Enable a channel; it is `disconnected` until verified (`error` again if the provider had refused it)'
            : 'Disable a channel; its status becomes `disabled`',
        middleware: [can('channels:manage')] as const,
        request: { params: IdParams },
        responses: { 200: jsonResponse(Channel, 'The channel'), ...tenantErrors },
      }),
      async (c) => {
        const row = await service.setChannelEnabled(
          opContext(c, deps),
          c.req.valid('param').id,
          action === 'enable',
        );
        return c.json(present(row), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/channels/{id}/verify',
      tags,
      security: BEARER,
      summary: 'Check the credentials with the provider; sets status, last_verified_at and error_message',
      middleware: [can('channels:manage')] as const,
      request: { params: IdParams },
      responses: {
        200: jsonResponse(Channel, 'The channel with its new status'),
        ...tenantErrors,
        409: e[409],
        501: e[501],
      },
    }),
    async (c) =>
      c.json(
        present(await verifyChannel(opContext(c, deps), config, c.req.valid('param').id, stores())),
        200,
      ),
  );
}
