import { createRoute } from '@hono/zod-openapi';
import { MAX_UPLOAD_BYTES } from '../../contacts/import/limits.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import type { App } from '../../http/context.js';
import { parseListQuery } from '../../http/list-query.js';
import {
  BEARER,
  errorResponses as e,
  IdParams,
  jsonResponse,
  ListQuerySchema,
  listOf,
  ProblemSchema,
  tenantErrors,
} from '../../http/openapi.js';
import { openCsvUpload } from './read-upload.js';
import { ContactImport, ContactImportAccepted, ContactImportSummary } from './schemas.js';
import * as service from './service.js';

const tags = ['Contact imports'];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

// Plain OpenAPI schemas on purpose: a zod schema here would make the framework parse (and buffer)
// the body before the handler can stream it.
const csvBody = {
  required: true,
  description: `A CSV file of at most ${MAX_UPLOAD_BYTES} bytes, with a header row. Columns: name, first_name, last_name, phone, email, telegram_chat_id, tags and groups (\`;\`-separated); any other column becomes an attribute.`,
  content: {
    'text/csv': { schema: { type: 'string' as const, format: 'binary' } },
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: { file: { type: 'string' as const, format: 'binary' } },
        required: ['file'],
      },
    },
  },
};

export function registerContactImportRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/contacts/import',
      tags,
      security: BEARER,
      summary: 'Upload a CSV of contacts; rows are upserted in the background (by phone, then email)',
      middleware: [can('contacts:write')] as const,
      request: { body: csvBody },
      responses: {
        202: jsonResponse(ContactImportAccepted, 'Stored and queued; follow it at /v1/contact-imports/{id}'),
        ...tenantErrors,
        413: problem('The upload is larger than the limit'),
        415: problem('Neither text/csv nor multipart/form-data'),
        422: e[422],
      },
    }),
    async (c) => {
      const upload = await openCsvUpload(c.req.raw, MAX_UPLOAD_BYTES);
      const accepted = await service.createContactImport(opContext(c, deps), deps.queues, upload);
      c.header('Location', `/v1/contact-imports/${accepted.id}`);
      return c.json(accepted, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contact-imports',
      tags,
      security: BEARER,
      summary: 'Imports of the account (without their row errors)',
      middleware: [can('contacts:read')] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(ContactImportSummary, 'ContactImportList'), 'Imports'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.contactImportList);
      return c.json(await service.listContactImports(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contact-imports/{id}',
      tags,
      security: BEARER,
      summary: 'Progress and outcome of an import, with the first 1,000 row errors',
      middleware: [can('contacts:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ContactImport, 'The import'), ...tenantErrors },
    }),
    async (c) => c.json(await service.getContactImport(opContext(c, deps), c.req.valid('param').id), 200),
  );
}
