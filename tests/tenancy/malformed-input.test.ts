import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createRole } from './support.js';

let t: TestContext;
let owner: Session;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Malformed Co' });
  ids.role = await createRole(t, owner, 'spare', []);
  ids.member = (await addMember(t, owner, 'viewer')).userId;
  await createApiKey(t, owner, 'viewer');
});
afterAll(() => t.close());

// Every route of the tenancy modules that takes a JSON body.
const BODY_ROUTES: [string, (x: Record<string, string>) => string][] = [
  ['POST', () => '/v1/accounts'],
  ['PATCH', () => `/v1/accounts/${owner.accountId}`],
  ['POST', () => '/v1/roles'],
  ['PATCH', (x) => `/v1/roles/${x.role}`],
  ['PATCH', (x) => `/v1/users/${x.member}`],
  ['POST', () => '/v1/api-keys'],
  ['POST', () => '/v1/invitations'],
  ['POST', () => '/v1/invitations/accept'],
];

const BAD_BODIES: [string, { rawBody: string; headers?: Record<string, string> }][] = [
  ['truncated JSON', { rawBody: '{"name": "x"' }],
  ['not JSON at all', { rawBody: 'name=x' }],
  ['a JSON array', { rawBody: '[1, 2]' }],
  ['a JSON string', { rawBody: '"hello"' }],
  ['JSON null', { rawBody: 'null' }],
  ['an empty body', { rawBody: '' }],
  ['wrong types', { rawBody: '{"name": 5, "permissions": "all", "role_id": 7, "email": [], "token": {}}' }],
  ['nested garbage', { rawBody: '{"name": {"$ne": null}, "permissions": [1, null], "timezone": 3}' }],
  [
    'form content type',
    { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  ],
  ['a huge number', { rawBody: '{"name": 1e400, "default_country_code": true}' }],
];

describe.each(BODY_ROUTES)('%s', (method, path) => {
  it.each(BAD_BODIES)('answers 4xx problem+json to %s', async (_label, bad) => {
    const res = await t.request(method, path(ids), as(owner, bad));
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('path ids', () => {
  it.each([
    '/v1/roles/not-a-uuid',
    '/v1/users/123',
    '/v1/api-keys/%27%20OR%201=1',
    '/v1/invitations/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
    '/v1/accounts/00000000-0000-0000-0000-00000000000g',
  ])('answers 400 for the malformed id in %s', async (path) => {
    const method = path.startsWith('/v1/invitations') ? 'DELETE' : 'GET';
    const res = await t.request(method, path, as(owner));
    expect(res.status, res.text).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('credentials', () => {
  it.each([
    ['no Authorization', {}],
    ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a garbage token', { authorization: 'Bearer not.a.jwt' }],
    ['two tokens', { authorization: 'Bearer a b' }],
  ])('answer 401 to %s', async (_label, headers) => {
    const res = await t.request('GET', '/v1/roles', { headers });
    expect(res.status, res.text).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('text PostgreSQL cannot store', () => {
  it('answers 400, not 500, for a NUL character in a JSON string', async () => {
    const res = await t.request('POST', '/v1/roles', {
      ...as(owner),
      rawBody: '{"name":"bad\\u0000name","permissions":[]}',
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('bad_request');
  });
});
