import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

type Operation = {
  parameters?: { $ref?: string; name?: string; in?: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters?: Record<string, { name: string; in: string }> };
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
// Routes that act for a user or an account named in the path, not in X-Account-Id.
const ACCOUNT_FREE = [
  /^\/v1\/auth\//,
  /^\/v1\/context\//,
  /^\/v1\/accounts/,
  /^\/v1\/invitations\/accept$/,
  // The sealed link names its account itself.
  /^\/v1\/unsubscribe\//,
];

let t: TestContext;
let doc: Document;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  doc = (await t.request<Document>('GET', '/openapi.json')).body;
  owner = await signUp(t);
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })),
  );

/** The header parameters of an operation, references resolved. */
function headers(op: Operation): string[] {
  return (op.parameters ?? [])
    .map((p) => (p.$ref ? doc.components.parameters?.[p.$ref.split('/').pop() ?? ''] : p))
    .filter((p) => p?.in === 'header')
    .map((p) => (p?.name ?? '').toLowerCase());
}

describe('the OpenAPI document', () => {
  it('stays a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
  });

  it('documents X-Account-Id on every tenant route, and only there', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const { key, path, op } of operations()) {
      if (!path.startsWith('/v1/') || path.startsWith('/v1/webhooks/')) continue;
      const tenant = !ACCOUNT_FREE.some((p) => p.test(path));
      const documented = headers(op).includes('x-account-id');
      if (tenant && !documented) missing.push(key);
      if (!tenant && documented) extra.push(key);
    }
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });

  it('gives every JSON body route its 413 and 415 problems', () => {
    const problems: string[] = [];
    for (const { key, path, op } of operations()) {
      if (!op.requestBody?.content?.['application/json']) continue;
      // A provider webhook's body is the provider's: malformed is 400, there is no 422.
      const statuses = path.startsWith('/v1/webhooks/') ? ['413', '415'] : ['413', '415', '422'];
      for (const status of statuses) {
        if (!op.responses[status]?.content?.['application/problem+json']) problems.push(`${key} ${status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes what the server does: 415 for a body that is not JSON on a documented route', async () => {
    const res = await t.request('POST', '/v1/contact-groups', {
      token: owner.token,
      rawBody: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status, res.text).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
