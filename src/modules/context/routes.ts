import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { accounts, accountUsers, roles, users } from '../../db/schema/index.js';
import type { RouteDeps } from '../../http/app.js';
import { currentUserId } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { BEARER, errorResponses as e, jsonResponse } from '../../http/openapi.js';
import { User } from '../auth/schemas.js';
import { toUser } from '../auth/service.js';

const BasicContext = z
  .object({
    user: User,
    accounts: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        role: z.object({ id: z.uuid(), name: z.string(), permissions: z.array(z.string()) }),
      }),
    ),
  })
  .openapi('BasicContext');

export function registerContextRoutes(app: App, deps: RouteDeps): void {
  const { db } = deps.database;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/context/basic',
      tags: ['Authentication'],
      security: BEARER,
      summary: 'The signed-in user with each account and the role held there',
      middleware: [deps.guards.user] as const,
      responses: { 200: jsonResponse(BasicContext, 'Context'), 401: e[401], 403: e[403] },
    }),
    async (c) => {
      const userId = currentUserId(c);
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      const rows = await db
        .select({
          id: accounts.id,
          name: accounts.name,
          roleId: roles.id,
          roleName: roles.name,
          permissions: roles.permissions,
        })
        .from(accountUsers)
        .innerJoin(accounts, eq(accounts.id, accountUsers.accountId))
        .innerJoin(roles, eq(roles.id, accountUsers.roleId))
        .where(eq(accountUsers.userId, userId))
        .orderBy(accountUsers.createdAt);
      return c.json(
        {
          user: toUser(user!),
          accounts: rows.map((r) => ({
            id: r.id,
            name: r.name,
            role: { id: r.roleId, name: r.roleName, permissions: r.permissions },
          })),
        },
        200,
      );
    },
  );
}
