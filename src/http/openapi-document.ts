import { isTenantGuard } from './auth.js';
import type { App } from './context.js';

type DocumentConfig = Parameters<App['getOpenAPI31Document']>[0];
type Document = ReturnType<App['getOpenAPI31Document']>;
type Operation = {
  parameters?: unknown[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
};

const ACCOUNT_HEADER = 'AccountId';
const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
// Every JSON body route can answer these (app.ts body limit; the validator's content-type check).
const BODY_ERRORS: Record<string, string> = {
  413: 'Body larger than the limit',
  415: 'The body is not application/json',
};

/** Hono's `/v1/things/:id` written the OpenAPI way: `/v1/things/{id}`. */
function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^/]*\})?/g, '{$1}');
}

/** `METHOD /path` of every route guarded by `can(...)`, i.e. every route that reads X-Account-Id. */
function tenantOperations(app: App): Set<string> {
  return new Set(
    app.routes
      .filter((route) => isTenantGuard(route.handler))
      .map((route) => `${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`),
  );
}

/**
 * Adds what per-route configs leave out: the X-Account-Id header on tenant routes (found from their
 * guard, so the document cannot drift from the code) and the 413/415 problems of JSON bodies.
 */
export function completeDocument(document: Document, tenant: Set<string>): Document {
  document.components ??= {};
  document.components.parameters = {
    ...document.components.parameters,
    [ACCOUNT_HEADER]: {
      name: 'X-Account-Id',
      in: 'header',
      required: false,
      description:
        'The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account.',
      schema: { type: 'string', format: 'uuid' },
    },
  };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      const operation = value as Operation;
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      if (tenant.has(`${method} ${path}`)) {
        operation.parameters = [
          ...(operation.parameters ?? []),
          { $ref: `#/components/parameters/${ACCOUNT_HEADER}` },
        ];
      }
      if (operation.requestBody?.content?.['application/json']) {
        operation.responses ??= {};
        for (const [status, description] of Object.entries(BODY_ERRORS)) {
          const existing = operation.responses[status];
          operation.responses[status] = {
            description: existing?.description ?? description,
            content: existing?.content ?? PROBLEM,
          };
        }
      }
    }
  }
  return document;
}

/** Serves the OpenAPI 3.1 document at `/openapi.json`, built per request like `doc31` does. */
export function registerOpenApiDocument(app: App, config: DocumentConfig): void {
  app.get('/openapi.json', (c) =>
    c.json(completeDocument(app.getOpenAPI31Document(config), tenantOperations(app))),
  );
}
