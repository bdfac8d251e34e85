import { createRoute } from '@hono/zod-openapi';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { registerDeleteRoute } from '../../http/delete-route.js';
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
import { ApiKey, ApiKeyCreate, CreatedApiKey } from './schemas.js';
import * as service from './service.js';

const tags = ['API keys'];

export function registerApiKeyRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/api-keys',
      tags,
      security: BEARER,
      summary: 'Create an API key acting in this account with a role; the key is shown once',
      middleware: [can('api_keys:manage')] as const,
      request: jsonBody(ApiKeyCreate),
      responses: { 201: jsonResponse(CreatedApiKey, 'Created'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const tenant = c.get('tenant')!;
      return c.json(await service.createApiKey(opContext(c, deps), tenant, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/api-keys',
      tags,
      security: BEARER,
      summary: 'API keys of the account (never the secret)',
      middleware: [can('api_keys:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(ApiKey, 'ApiKeyList'), 'API keys'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.apiKeyList);
      return c.json(await service.listApiKeys(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/api-keys/{id}',
      tags,
      security: BEARER,
      summary: 'One API key',
      middleware: [can('api_keys:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ApiKey, 'The API key'), ...tenantErrors },
    }),
    async (c) => c.json(await service.getApiKey(opContext(c, deps), c.req.valid('param').id), 200),
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/api-keys/{id}',
    tags,
    summary: 'Revoke an API key; it stops working at once',
    permission: 'api_keys:manage',
    description: 'Revoked',
    remove: service.revokeApiKey,
  });
}
