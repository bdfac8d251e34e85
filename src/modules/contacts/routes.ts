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
import { contactList, hasPhoneFilter, normalizeContactFilters } from './list-spec.js';
import { Contact, ContactCreate, ContactUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Contacts'];

export function registerContactRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contacts',
      tags,
      security: BEARER,
      summary: 'Contacts of the account',
      description:
        'Filters on every field, plus `group_id` (eq, ne, in), `tags` (text array) and `attributes.KEY`. Phone values are compared in E.164 (national numbers in the account default country); email compares case-insensitively.',
      middleware: [can('contacts:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Contact, 'ContactList'), 'Contacts'), ...tenantErrors },
    }),
    async (c) => {
      const ctx = opContext(c, deps);
      const query = c.req.valid('query');
      const country = hasPhoneFilter(query) ? await service.getDefaultCountry(ctx.db, ctx.accountId) : null;
      const parsed = parseListQuery(normalizeContactFilters(query, country), contactList);
      return c.json(await service.listContacts(ctx, parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/contacts',
      tags,
      security: BEARER,
      summary: 'Create a contact',
      middleware: [can('contacts:write')] as const,
      request: jsonBody(ContactCreate),
      responses: { 201: jsonResponse(Contact, 'Created'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) =>
      c.json(service.toContact(await service.createContact(opContext(c, deps), c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contacts/{id}',
      tags,
      security: BEARER,
      summary: 'One contact',
      middleware: [can('contacts:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Contact, 'The contact'), ...tenantErrors },
    }),
    async (c) =>
      c.json(service.toContact(await service.getContact(opContext(c, deps), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/contacts/{id}',
      tags,
      security: BEARER,
      summary: 'Change a contact (omitted fields stay, null clears)',
      middleware: [can('contacts:write')] as const,
      request: { params: IdParams, ...jsonBody(ContactUpdate) },
      responses: { 200: jsonResponse(Contact, 'Updated'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const row = await service.updateContact(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(service.toContact(row), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/contacts/{id}',
    tags,
    summary: 'Delete a contact and its group memberships',
    permission: 'contacts:write',
    remove: service.deleteContact,
  });
}
