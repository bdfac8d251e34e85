import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import {
  BEARER,
  errorResponses as e,
  IdParams,
  jsonBody,
  jsonResponse,
  tenantErrors,
} from '../../http/openapi.js';
import { decideApproval } from './decide-approval.js';
import { GroupMessage } from './schemas.js';
import { toGroupMessage } from './service.js';

const Rejection = z
  .strictObject({ reason: z.string().trim().max(500).optional() })
  .openapi('GroupMessageRejection');

/** Approve or reject a broadcast in `pending_approval` (permission `group_messages:approve`, not its creator). */
export function registerGroupMessageApprovalRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/{id}/approve',
      tags: ['Group messages'],
      security: BEARER,
      summary: 'Approve a broadcast waiting for approval (pending_approval → queued)',
      description:
        'A broadcast to more recipients than the account’s `consent.approval_threshold` waits in `pending_approval`. A user with `group_messages:approve` other than the one who created or started it approves it here; 403 `approver_is_requester` for that user, 403 `approver_must_be_user` for an API key.',
      middleware: [can('group_messages:approve')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(GroupMessage, 'Approved and queued'), ...tenantErrors, 409: e[409] },
    }),
    async (c) => {
      const row = await decideApproval(opContext(c, deps), c.req.valid('param').id, 'approved');
      return c.json(toGroupMessage(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/{id}/reject',
      tags: ['Group messages'],
      security: BEARER,
      summary: 'Reject a broadcast waiting for approval (pending_approval → cancelled, nothing sent)',
      middleware: [can('group_messages:approve')] as const,
      request: { params: IdParams, ...jsonBody(Rejection) },
      responses: { 200: jsonResponse(GroupMessage, 'Rejected'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const row = await decideApproval(
        opContext(c, deps),
        c.req.valid('param').id,
        'rejected',
        body.reason ?? null,
      );
      return c.json(toGroupMessage(row), 200);
    },
  );
}
