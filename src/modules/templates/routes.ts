import { createRoute } from '@hono/zod-openapi';
import { ForbiddenError } from '../../errors.js';
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
import { hasPermission } from '../roles/permissions.js';
import { previewTemplate } from './preview-template.js';
import {
  Template,
  TemplateCreate,
  TemplatePreview,
  TemplatePreviewRequest,
  TemplateUpdate,
} from './schemas.js';
import * as service from './service.js';

const tags = ['Templates'];

export function registerTemplateRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/templates/preview',
      tags,
      security: BEARER,
      summary: 'Render a body or a saved template for a contact, and measure it as an SMS',
      description:
        'Needs templates:read; with contact_id also contacts:read (the preview shows the contact).',
      middleware: [can('templates:read')] as const,
      request: jsonBody(TemplatePreviewRequest),
      responses: { 200: jsonResponse(TemplatePreview, 'The rendered body'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const input = c.req.valid('json');
      // A preview for a contact shows its fields (PHONE, EMAIL, attributes): that is reading contacts.
      if (input.contact_id !== undefined && !hasPermission(c.get('tenant')!.permissions, 'contacts:read')) {
        throw new ForbiddenError(
          'Your role does not allow contacts:read, needed to preview for a contact',
          'permission_denied',
        );
      }
      return c.json(await previewTemplate(opContext(c, deps), input), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/templates',
      tags,
      security: BEARER,
      summary: 'Templates of the account',
      middleware: [can('templates:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Template, 'TemplateList'), 'Templates'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.templateList);
      return c.json(await service.listTemplates(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/templates',
      tags,
      security: BEARER,
      summary: 'Create a template; `variables` is derived from the body (a sent `variables` is ignored)',
      middleware: [can('templates:write')] as const,
      request: jsonBody(TemplateCreate),
      responses: { 201: jsonResponse(Template, 'Created'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const row = await service.createTemplate(opContext(c, deps), c.req.valid('json'));
      return c.json(service.toTemplate(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/templates/{id}',
      tags,
      security: BEARER,
      summary: 'One template',
      middleware: [can('templates:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Template, 'The template'), ...tenantErrors },
    }),
    async (c) => {
      const row = await service.getTemplate(opContext(c, deps), c.req.valid('param').id);
      return c.json(service.toTemplate(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/templates/{id}',
      tags,
      security: BEARER,
      summary: 'Change a template; `variables` follows the body',
      middleware: [can('templates:write')] as const,
      request: { params: IdParams, ...jsonBody(TemplateUpdate) },
      responses: { 200: jsonResponse(Template, 'Updated'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const row = await service.updateTemplate(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(service.toTemplate(row), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/templates/{id}',
    tags,
    summary: 'Delete a template (messages keep their text and lose the reference)',
    permission: 'templates:write',
    remove: service.deleteTemplate,
  });
}
