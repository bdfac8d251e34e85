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
import { Person, PersonCreate, PersonUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Persons'];

export function registerPersonRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/persons',
      tags,
      security: BEARER,
      summary: 'Persons of the account (one human behind several contacts)',
      middleware: [can('contacts:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Person, 'PersonList'), 'Persons'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.personList);
      return c.json(await service.listPersons(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/persons',
      tags,
      security: BEARER,
      summary: 'Create a person',
      middleware: [can('contacts:write')] as const,
      request: jsonBody(PersonCreate),
      responses: { 201: jsonResponse(Person, 'Created'), ...tenantErrors, 422: e[422] },
    }),
    async (c) =>
      c.json(service.toPerson(await service.createPerson(opContext(c, deps), c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/persons/{id}',
      tags,
      security: BEARER,
      summary: 'One person',
      middleware: [can('contacts:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Person, 'The person'), ...tenantErrors },
    }),
    async (c) =>
      c.json(service.toPerson(await service.getPerson(opContext(c, deps), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/persons/{id}',
      tags,
      security: BEARER,
      summary: 'Change a person (omitted fields stay)',
      middleware: [can('contacts:write')] as const,
      request: { params: IdParams, ...jsonBody(PersonUpdate) },
      responses: { 200: jsonResponse(Person, 'Updated'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const row = await service.updatePerson(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(service.toPerson(row), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/persons/{id}',
    tags,
    summary: 'Delete a person (its contacts stay, unlinked)',
    permission: 'contacts:write',
    remove: service.deletePerson,
  });
}
