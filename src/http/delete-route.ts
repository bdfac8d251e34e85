import { createRoute } from '@hono/zod-openapi';
import type { Permission } from '../modules/roles/permissions.js';
import type { RouteDeps } from './app.js';
import { opContext } from './auth.js';
import type { App, OpContext } from './context.js';
import { BEARER, errorResponses, IdParams, tenantErrors } from './openapi.js';

/**
 * Registers the common `DELETE <path>/{id}` of a tenant resource: the permission guard, 204 on
 * success, 404 for another account's id (from `remove`), and 409 when the resource may refuse.
 */
export function registerDeleteRoute(
  app: App,
  deps: RouteDeps,
  route: {
    path: string;
    tags: string[];
    summary: string;
    permission: Permission;
    description?: string;
    conflict?: boolean;
    remove: (ctx: OpContext, id: string) => Promise<unknown>;
  },
): void {
  app.openapi(
    createRoute({
      method: 'delete',
      path: route.path,
      tags: route.tags,
      security: BEARER,
      summary: route.summary,
      middleware: [deps.guards.can(route.permission)] as const,
      request: { params: IdParams },
      responses: {
        204: { description: route.description ?? 'Deleted' },
        ...tenantErrors,
        ...(route.conflict ? { 409: errorResponses[409] } : {}),
      },
    }),
    async (c) => {
      await route.remove(opContext(c, deps), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
