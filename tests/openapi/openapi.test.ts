import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

type MediaType = { schema?: unknown };
type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
// Routes outside these are infrastructure (the document itself, the docs UI, Bull Board).
const DOCUMENTED_PREFIXES = [/^\/v1\//, /^\/healthz$/, /^\/readyz$/, /^\/metrics$/];
// Public by design: they authenticate with credentials in the body, a provider signature or a sealed link token.
const PUBLIC_PREFIXES = [/^\/v1\/auth\//, /^\/v1\/webhooks\//, /^\/v1\/unsubscribe\//];

/** Hono's `/v1/things/:id{[0-9a-f-]+}` written the OpenAPI way: `/v1/things/{id}`. */
function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^/]*\})?/g, '{$1}');
}

/** Every documented operation as `[METHOD path, operation]`. */
function listOperations(doc: Document): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

const hasSchema = (content: Record<string, MediaType> | undefined) =>
  content !== undefined &&
  Object.keys(content).length > 0 &&
  Object.values(content).every((m) => m.schema !== undefined);

let t: TestContext;
let doc: Document;
beforeAll(async () => {
  t = await setupTestApp();
  const res = await t.request<Document>('GET', '/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Throws on a $ref that points nowhere.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('documents every API route the app serves, with its method', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => HTTP_METHODS.has(r.method.toLowerCase()))
        .filter((r) => DOCUMENTED_PREFIXES.some((p) => p.test(r.path)))
        .map((r) => `${r.method.toUpperCase()} ${toOpenApiPath(r.path)}`),
    );
    // Guards against a vacuous pass if route listing ever changes shape.
    expect(served).toContain('GET /healthz');
    expect(served).toContain('GET /v1/roles');
    const documented = new Set(listOperations(doc).map(([key]) => key));
    const undocumented = [...served].filter((key) => !documented.has(key)).sort();
    expect(undocumented).toEqual([]);
  });

  it('gives every operation a response with a content schema', () => {
    const problems: string[] = [];
    for (const [key, op] of listOperations(doc)) {
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([status]) => /^2\d\d$/.test(status))) problems.push(`${key}: no 2xx response`);
      if (!responses.some(([, r]) => hasSchema(r.content))) problems.push(`${key}: no response schema`);
      for (const [status, r] of responses) {
        if (r.content !== undefined && !hasSchema(r.content))
          problems.push(`${key} ${status}: content without schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every request body a schema, and every PATCH and PUT a body', () => {
    const problems: string[] = [];
    for (const [key, op] of listOperations(doc)) {
      if (op.requestBody !== undefined && !hasSchema(op.requestBody.content)) {
        problems.push(`${key}: request body without schema`);
      }
      if (/^(PATCH|PUT) /.test(key) && op.requestBody === undefined) problems.push(`${key}: no request body`);
    }
    expect(problems).toEqual([]);
  });

  it('declares security on every /v1 route except auth, provider webhooks and unsubscribe links', () => {
    const open = listOperations(doc)
      .filter(([key]) => {
        const path = key.slice(key.indexOf(' ') + 1);
        return path.startsWith('/v1/') && !PUBLIC_PREFIXES.some((p) => p.test(path));
      })
      .filter(([, op]) => !op.security || op.security.length === 0)
      .map(([key]) => key);
    expect(open).toEqual([]);
  });

  it('declares every security scheme that operations refer to', () => {
    const components = (doc as { components?: { securitySchemes?: Record<string, unknown> } }).components;
    const schemes = components?.securitySchemes ?? {};
    expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const unknown = listOperations(doc).flatMap(([key, op]) =>
      (op.security ?? []).flatMap((requirement) =>
        Object.keys(requirement)
          .filter((name) => !(name in schemes))
          .map((name) => `${key}: ${name}`),
      ),
    );
    expect(unknown).toEqual([]);
  });
});
