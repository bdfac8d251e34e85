import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { type ApiResponse, setupTestApp, type TestContext } from '../helpers/harness.js';

// Odd input must answer 4xx problem+json, never 500.

let t: TestContext;
let owner: Session;
let channelId: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Robust Co' });
  channelId = await createSandboxChannel(t, owner);
});
afterAll(() => t.close());

const as = (extra: Record<string, unknown> = {}) => ({
  token: owner.token,
  accountId: owner.accountId,
  ...extra,
});

function expectProblem(res: ApiResponse, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
}

describe('list queries naming a property every object inherits', () => {
  // Field names were looked up with `spec.fields[name]`, so these found Object.prototype members.
  const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

  it.each(NAMES)('a filter on %s is an unknown field (400)', async (name) => {
    for (const path of ['/v1/contacts', '/v1/roles', '/v1/messages', '/v1/channels']) {
      const res = await t.request('GET', `${path}?filter=${name}:eq:x`, as());
      expectProblem(res, 400);
      expect(res.body.code).toBe('invalid_query');
      expect(res.body.errors[0].message).toContain(`unknown field '${name}'`);
    }
  });

  it.each(NAMES)('a sort on %s is refused (400)', async (name) => {
    for (const path of ['/v1/contacts', '/v1/templates']) {
      const res = await t.request('GET', `${path}?sort=${name}:desc`, as());
      expectProblem(res, 400);
      expect(res.body.errors[0]).toEqual({ path: 'sort[0]', message: `cannot sort by '${name}'` });
    }
  });

  it('still filters and sorts on real fields (the fix is not a blanket refusal)', async () => {
    const res = await t.request('GET', '/v1/roles?filter=name:eq:admin&sort=name:desc', as());
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((r: { name: string }) => r.name)).toEqual(['admin']);
  });
});

describe("a 'like' pattern ending in an escape", () => {
  it('answers 400 naming the filter, not 500', async () => {
    await t.request('POST', '/v1/contacts', as({ body: { name: 'abc' } }));
    for (const pattern of ['%5C', 'abc%5C', '%5C%5C%5C', 'a%25%5C']) {
      for (const field of ['name', 'attributes.city']) {
        const res = await t.request('GET', `/v1/contacts?filter=${field}:like:${pattern}`, as());
        expectProblem(res, 400);
        expect(res.body.errors[0].path).toBe('filter[0]');
      }
    }
  });

  it('still accepts an escaped backslash and escaped wildcards', async () => {
    for (const pattern of ['%5C%5C', 'a%5C%25', '%25b%25']) {
      const res = await t.request('GET', `/v1/contacts?filter=name:like:${pattern}`, as());
      expect(res.status, res.text).toBe(200);
    }
  });
});

describe('deeply nested message metadata', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const send = (metadata: string) =>
    `{"channel_id":"${channelId}","delivery_address":"+251911234567","message_body":"hi","metadata":{"a":${metadata}}}`;

  it('answers 422 naming metadata, not 500, for thousands of levels', async () => {
    for (const depth of [10_000, 200_000]) {
      const res = await t.request('POST', '/v1/messages', as({ rawBody: send(nested(depth)) }));
      expectProblem(res, 422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('metadata');
    }
  });

  it('refuses nesting beyond 32 levels on PATCH as well', async () => {
    const created = await t.request('POST', '/v1/messages', as({ rawBody: send('{}') }));
    expect(created.status, created.text).toBe(202);
    const res = await t.request(
      'PATCH',
      `/v1/messages/${created.body.id}`,
      as({
        rawBody: `{"metadata":{"a":${nested(40)}}}`,
      }),
    );
    expectProblem(res, 422);
  });

  it('accepts ordinary nested metadata', async () => {
    const res = await t.request('POST', '/v1/messages', as({ rawBody: send('{"b":[1,{"c":[2,3]}]}') }));
    expect(res.status, res.text).toBe(202);
    expect(res.body.metadata).toEqual({ a: { b: [1, { c: [2, 3] }] } });
  });
});
