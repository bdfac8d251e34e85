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
import { Member, MemberUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Users'];

export function registerUserRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users',
      tags,
      security: BEARER,
      summary: 'Members of the account with their roles',
      middleware: [can('users:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Member, 'MemberList'), 'Members'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.memberList);
      return c.json(await service.listMembers(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{id}',
      tags,
      security: BEARER,
      summary: 'One member',
      middleware: [can('users:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Member, 'The member'), ...tenantErrors },
    }),
    async (c) => c.json(await service.getMember(opContext(c, deps), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/users/{id}',
      tags,
      security: BEARER,
      summary: "Change a member's role",
      description:
        "Their API keys that hold more than the new role get the new role. A role without scheduled_messages:send or group_messages:send pauses their schedules or cancels their broadcasts not yet sending when the account's `on_member_removed` says so.",
      middleware: [can('users:manage')] as const,
      request: { params: IdParams, ...jsonBody(MemberUpdate) },
      responses: { 200: jsonResponse(Member, 'Updated'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const member = await service.changeMemberRole(
        opContext(c, deps),
        c.get('tenant')!.permissions,
        c.req.valid('param').id,
        c.req.valid('json').role_id,
      );
      return c.json(member, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/users/{id}',
      tags,
      security: BEARER,
      summary: 'Remove a member from the account',
      description:
        "Their API keys are revoked. Their active schedules are paused and their broadcasts not yet sending (draft, pending_approval, queued) cancelled when the account's `on_member_removed` says so (default: they keep running); each in the audit log.",
      middleware: [can('users:manage')] as const,
      request: { params: IdParams },
      responses: { 204: { description: 'Removed' }, ...tenantErrors, 409: e[409] },
    }),
    async (c) => {
      await service.removeMember(opContext(c, deps), c.get('tenant')!.permissions, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
