import { createRoute } from '@hono/zod-openapi';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
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
import { Role, RoleCreate, RoleUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Roles'];

export function registerRoleRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/roles',
      tags,
      security: BEARER,
      summary: 'Roles of the account',
      middleware: [can('roles:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Role, 'RoleList'), 'Roles'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.roleList);
      return c.json(await service.listRoles(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/roles',
      tags,
      security: BEARER,
      summary: 'Create a role with permission strings (RESOURCE:ACTION or "*")',
      middleware: [can('roles:manage')] as const,
      request: jsonBody(RoleCreate),
      responses: { 201: jsonResponse(Role, 'Created'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const { permissions } = c.get('tenant')!;
      const row = await service.createRole(opContext(c, deps), permissions, c.req.valid('json'));
      return c.json(service.toRole(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/roles/{id}',
      tags,
      security: BEARER,
      summary: 'One role',
      middleware: [can('roles:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Role, 'The role'), ...tenantErrors },
    }),
    async (c) =>
      c.json(service.toRole(await service.getRole(opContext(c, deps), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/roles/{id}',
      tags,
      security: BEARER,
      summary: 'Change a role (the admin role is fixed)',
      middleware: [can('roles:manage')] as const,
      request: { params: IdParams, ...jsonBody(RoleUpdate) },
      responses: { 200: jsonResponse(Role, 'Updated'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const { permissions } = c.get('tenant')!;
      const row = await service.updateRole(
        opContext(c, deps),
        permissions,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(service.toRole(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/roles/{id}',
      tags,
      security: BEARER,
      summary: 'Delete a role that nobody holds',
      middleware: [can('roles:manage')] as const,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...tenantErrors, 409: e[409] },
    }),
    async (c) => {
      await service.deleteRole(opContext(c, deps), c.get('tenant')!.permissions, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
