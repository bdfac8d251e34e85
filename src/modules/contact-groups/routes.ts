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
import { addMembers, removeMembers } from './members.js';
import {
  ContactGroup,
  ContactGroupCreate,
  ContactGroupUpdate,
  MembersAdded,
  MembersInput,
  MembersRemoved,
} from './schemas.js';
import * as service from './service.js';

const tags = ['Contact groups'];

export function registerContactGroupRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contact-groups',
      tags,
      security: BEARER,
      summary: 'Contact groups of the account, with their member counts',
      middleware: [can('contacts:read')] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(ContactGroup, 'ContactGroupList'), 'Contact groups'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.groupList);
      return c.json(await service.listGroups(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/contact-groups',
      tags,
      security: BEARER,
      summary: 'Create a contact group',
      middleware: [can('contacts:write')] as const,
      request: jsonBody(ContactGroupCreate),
      responses: { 201: jsonResponse(ContactGroup, 'Created'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => c.json(await service.createGroup(opContext(c, deps), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contact-groups/{id}',
      tags,
      security: BEARER,
      summary: 'One contact group',
      middleware: [can('contacts:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ContactGroup, 'The contact group'), ...tenantErrors },
    }),
    async (c) => c.json(await service.getGroup(opContext(c, deps), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/contact-groups/{id}',
      tags,
      security: BEARER,
      summary: 'Rename or describe a contact group',
      middleware: [can('contacts:write')] as const,
      request: { params: IdParams, ...jsonBody(ContactGroupUpdate) },
      responses: { 200: jsonResponse(ContactGroup, 'Updated'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) =>
      c.json(
        await service.updateGroup(opContext(c, deps), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/contact-groups/{id}',
    tags,
    summary: 'Delete a contact group (its contacts stay)',
    permission: 'contacts:write',
    remove: service.deleteGroup,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/contact-groups/{id}/members',
      tags,
      security: BEARER,
      summary: 'Add contacts to a group (up to 10,000 ids per call)',
      description:
        'Contacts already in the group are left as they are; ids that are not contacts of this account come back in `not_found`.',
      middleware: [can('contacts:write')] as const,
      request: { params: IdParams, ...jsonBody(MembersInput) },
      responses: {
        200: jsonResponse(MembersAdded, 'Added'),
        ...tenantErrors,
        409: e[409],
        422: e[422],
      },
    }),
    async (c) => {
      const { contact_ids } = c.req.valid('json');
      return c.json(await addMembers(opContext(c, deps), c.req.valid('param').id, contact_ids), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/contact-groups/{id}/members',
      tags,
      security: BEARER,
      summary: 'Remove contacts from a group (up to 10,000 ids per call)',
      middleware: [can('contacts:write')] as const,
      request: { params: IdParams, ...jsonBody(MembersInput) },
      responses: {
        200: jsonResponse(MembersRemoved, 'Removed'),
        ...tenantErrors,
        409: e[409],
        422: e[422],
      },
    }),
    async (c) => {
      const { contact_ids } = c.req.valid('json');
      return c.json(await removeMembers(opContext(c, deps), c.req.valid('param').id, contact_ids), 200);
    },
  );
}
