import { isRateLimitedGuard, isTenantGuard } from './auth.js';
import type { App } from './context.js';
import { countsAgainstAdmission } from './long-routes.js';

type DocumentConfig = Parameters<App['getOpenAPI31Document']>[0];
type Document = ReturnType<App['getOpenAPI31Document']>;
type Response = {
  description?: string;
  content?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  $ref?: string;
};
type Operation = {
  parameters?: unknown[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, Response>;
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

/** `METHOD /path` of every route with a middleware `is` picks. */
function operationsGuardedBy(app: App, is: (handler: unknown) => boolean): Set<string> {
  return new Set(
    app.routes
      .filter((route) => is(route.handler))
      .map((route) => `${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`),
  );
}

const RATE_LIMITED = 'RateLimited';
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': 'The size of the caller’s token bucket: the most requests in a row',
  'RateLimit-Remaining': 'Requests the caller may still make right now',
  'RateLimit-Reset': 'Seconds until the bucket is full again',
} as const;
const rateLimitHeaderRefs = Object.fromEntries(
  Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

/** The 429 and RateLimit-* headers shared by every rate-limited operation. */
function rateLimitComponents(document: Document): void {
  const components = document.components!;
  components.headers = {
    ...components.headers,
    ...Object.fromEntries(
      Object.entries(RATE_LIMIT_HEADERS).map(([name, description]) => [
        name,
        { description, schema: { type: 'integer', minimum: 0 } },
      ]),
    ),
    'Retry-After': {
      description: 'Seconds to wait before the next request is allowed',
      schema: { type: 'integer', minimum: 1 },
    },
  };
  components.responses = {
    ...components.responses,
    [RATE_LIMITED]: {
      description:
        'Too many requests from this API key, or from this user across their sessions (token bucket, API_RATE_LIMIT_PER_SECOND and API_RATE_LIMIT_BURST unless the account sets `api_rate_limit`); code `rate_limited`',
      headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' }, ...rateLimitHeaderRefs },
      content: PROBLEM,
    },
  };
}

const OVERLOADED = 'Overloaded';

/** The 503 every /v1 operation may answer when the process is at capacity or a query ran too long. */
function overloadedComponent(document: Document): void {
  document.components!.responses = {
    ...document.components!.responses,
    [OVERLOADED]: {
      description:
        'The API process is serving as many requests as it may (API_MAX_IN_FLIGHT; code `overloaded`), or the request’s database work ran past API_STATEMENT_TIMEOUT_MS (code `query_timeout`); retry after Retry-After',
      headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
      content: PROBLEM,
    },
  };
}

/** A rate-limited operation: 429 (unless it documents its own) and the headers on its successes. */
function addRateLimit(operation: Operation): void {
  operation.responses ??= {};
  operation.responses['429'] ??= { $ref: `#/components/responses/${RATE_LIMITED}` };
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^2\d\d$/.test(status) && !response.$ref) {
      response.headers = { ...response.headers, ...rateLimitHeaderRefs };
    }
  }
}

/**
 * Adds what per-route configs leave out: the X-Account-Id header on tenant routes, the 429 and
 * RateLimit-* headers on rate-limited ones (both found from their guards, so the document cannot drift
 * from the code), the 503 of an overloaded API on /v1 and the 413/415 problems of JSON bodies.
 */
export function completeDocument(
  document: Document,
  tenant: Set<string>,
  rateLimited: Set<string> = new Set(),
): Document {
  document.components ??= {};
  rateLimitComponents(document);
  overloadedComponent(document);
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
      if (rateLimited.has(`${method} ${path}`)) addRateLimit(operation);
      if (countsAgainstAdmission(method, path)) {
        operation.responses ??= {};
        operation.responses['503'] ??= { $ref: `#/components/responses/${OVERLOADED}` };
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
    c.json(
      completeDocument(
        app.getOpenAPI31Document(config),
        operationsGuardedBy(app, isTenantGuard),
        operationsGuardedBy(app, isRateLimitedGuard),
      ),
    ),
  );
}
