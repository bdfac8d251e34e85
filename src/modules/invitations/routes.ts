import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../../http/app.js';
import { currentUserId, opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { registerDeleteRoute } from '../../http/delete-route.js';
import { parseListQuery } from '../../http/list-query.js';
import {
  BEARER,
  errorResponses as e,
  jsonBody,
  jsonResponse,
  ListQuerySchema,
  listOf,
  tenantErrors,
} from '../../http/openapi.js';
import { Throttle } from '../../security/throttle.js';
import { Account } from '../accounts/schemas.js';
import * as service from './service.js';

const tags = ['Users'];

const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.object({ id: z.uuid(), name: z.string() }),
    expires_at: z.string(),
    accepted_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Invitation');
const InvitationCreate = z
  .object({ email: z.email().max(254), role_id: z.uuid() })
  .openapi('InvitationCreate');
const InvitationAccept = z.object({ token: z.string().min(1).max(200) }).openapi('InvitationAccept');
const Accepted = z
  .object({ account: Account, role: z.object({ id: z.uuid(), name: z.string() }) })
  .openapi('InvitationAccepted');

export function registerInvitationRoutes(app: App, deps: RouteDeps): void {
  const { can, user } = deps.guards;
  const throttle = new Throttle(deps.redis, deps.config.queuePrefix);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/invitations',
      tags,
      security: BEARER,
      summary: 'Invite someone by email with a role; the token is mailed to them',
      middleware: [can('users:manage')] as const,
      request: jsonBody(InvitationCreate),
      responses: {
        201: jsonResponse(Invitation, 'Invited'),
        ...tenantErrors,
        409: e[409],
        422: e[422],
        429: e[429],
      },
    }),
    async (c) => {
      const tenant = c.get('tenant')!;
      const invitation = await service.createInvitation(
        opContext(c, deps),
        { ...deps, throttle },
        tenant.permissions,
        c.req.valid('json'),
      );
      return c.json(invitation, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/invitations',
      tags,
      security: BEARER,
      summary: 'Pending invitations of the account, newest first',
      middleware: [can('users:read')] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(Invitation, 'InvitationList'), 'Pending invitations'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.invitationList);
      return c.json(await service.listInvitations(opContext(c, deps), parsed), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/invitations/{id}',
    tags,
    summary: 'Withdraw a pending invitation',
    permission: 'users:manage',
    description: 'Withdrawn',
    remove: service.revokeInvitation,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/invitations/accept',
      tags,
      security: BEARER,
      summary: 'Accept an invitation as the signed-in user (the invited email)',
      middleware: [user] as const,
      request: jsonBody(InvitationAccept),
      responses: {
        200: jsonResponse(Accepted, 'Joined'),
        400: e[400],
        401: e[401],
        403: e[403],
        409: e[409],
        422: e[422],
      },
    }),
    async (c) =>
      c.json(
        await service.acceptInvitation(deps.database.db, currentUserId(c), c.req.valid('json').token),
        200,
      ),
  );
}
