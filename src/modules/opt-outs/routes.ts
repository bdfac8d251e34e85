import { createRoute, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
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
  ProblemSchema,
  tenantErrors,
} from '../../http/openapi.js';
import { OptOut, OptOutCreate, OptOutImportResult } from './schemas.js';
import * as service from './service.js';

const tags = ['Opt-outs'];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The opt-out registry (contract: Consent): addresses that are never sent to on a channel type. */
export function registerOptOutRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/opt-outs',
      tags,
      security: BEARER,
      summary: 'Addresses opted out of each channel type',
      middleware: [can('contacts:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(OptOut, 'OptOutList'), 'Opt-outs'), ...tenantErrors },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.optOutList);
      return c.json(await service.listOptOuts(opContext(c, deps), parsed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/opt-outs',
      tags,
      security: BEARER,
      summary: 'Opt an address out of a channel type (source `api`)',
      middleware: [can('contacts:write')] as const,
      request: jsonBody(OptOutCreate),
      responses: { 201: jsonResponse(OptOut, 'Recorded'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) =>
      c.json(service.toOptOut(await service.createOptOut(opContext(c, deps), c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/opt-outs/export',
      tags,
      security: BEARER,
      summary: 'Every opt-out of the account as CSV',
      description: `Columns: ${service.CSV_COLUMNS.join(', ')}. Import takes the same file back.`,
      middleware: [can('contacts:read')] as const,
      responses: {
        200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
        ...tenantErrors,
      },
    }),
    (c) => {
      const ctx = opContext(c, deps);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="opt-outs.csv"');
      return stream(c, async (out) => {
        for await (const chunk of service.exportOptOuts(ctx)) await out.write(chunk);
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/opt-outs/import',
      tags,
      security: BEARER,
      summary: 'Record the opt-outs of a CSV (source `import`)',
      description:
        "Columns `channel_type` and `address`, optional `reason` (an export's other columns are ignored). An address already opted out keeps its first record.",
      middleware: [can('contacts:write')] as const,
      request: {
        body: {
          required: true,
          description: `A CSV of at most ${service.MAX_IMPORT_BYTES} bytes with a header row`,
          content: { 'text/csv': { schema: { type: 'string' as const } } },
        },
      },
      responses: {
        200: jsonResponse(OptOutImportResult, 'What was recorded'),
        ...tenantErrors,
        400: e[400],
        413: problem('The CSV is larger than the limit'),
        415: problem('Not text/csv'),
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'text/csv') throw new UnsupportedMediaTypeError('Send the opt-outs as text/csv');
      const body = await c.req.text();
      if (Buffer.byteLength(body) > service.MAX_IMPORT_BYTES) {
        throw new PayloadTooLargeError(`The CSV is larger than ${service.MAX_IMPORT_BYTES} bytes`);
      }
      return c.json(await service.importOptOuts(opContext(c, deps), body), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/opt-outs/{id}',
    tags,
    summary: 'Remove an opt-out: the address may be sent to again',
    permission: 'contacts:write',
    remove: service.deleteOptOut,
  });
}
