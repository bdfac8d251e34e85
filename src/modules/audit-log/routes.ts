import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { type ListSpec, listRows, parseListQuery, presentPage } from '../../http/list-query.js';
import { BEARER, jsonResponse, ListQuerySchema, listOf, tenantErrors } from '../../http/openapi.js';
import { AuditEntry } from './schemas.js';

const auditList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: auditLog.id },
    'actor.type': { type: 'enum', column: auditLog.actorType, values: ['user', 'api_key', 'system'] },
    'actor.id': { type: 'uuid', column: auditLog.actorId },
    action: { type: 'text', column: auditLog.action },
    resource_type: { type: 'text', column: auditLog.resourceType },
    resource_id: { type: 'text', column: auditLog.resourceId },
    ip: { type: 'text', column: auditLog.ip },
    user_agent: { type: 'text', column: auditLog.userAgent },
    created_at: { type: 'timestamp', column: auditLog.createdAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: auditLog.id,
};

function present(row: typeof auditLog.$inferSelect): AuditEntry {
  return {
    id: row.id,
    actor: { type: row.actorType as AuditEntry['actor']['type'], id: row.actorId },
    action: row.action,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    ip: row.ip,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
    ...(row.changes ? { changes: row.changes } : {}),
  };
}

export function registerAuditLogRoutes(app: App, deps: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit-log',
      tags: ['Audit log'],
      security: BEARER,
      summary: 'What was done in the account, by whom and from where (account:manage); kept 400 days',
      description:
        'Creates, updates and deletes of channels, roles, API keys, members, invitations, the account, contacts, ' +
        'persons, contact groups and their members, contact imports, templates, messages, broadcasts, schedules and ' +
        'opt-outs (a bulk operation is one entry), sign-ins and failed sign-ins, newest first. Filter on ' +
        '`actor.type`, `actor.id`, `action`, `resource_type`, `resource_id`, `ip`, `created_at`. Secrets are ' +
        'never recorded; personal data (contact fields, recipient addresses) only as changed (`••••`).',
      middleware: [deps.guards.can('account:manage')] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(AuditEntry, 'AuditEntryList'), 'Audit entries'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), auditList);
      const ctx = opContext(c, deps);
      const page = await listRows(ctx.db, auditLog, eq(auditLog.accountId, ctx.accountId), parsed);
      return c.json(presentPage(page, present), 200);
    },
  );
}
