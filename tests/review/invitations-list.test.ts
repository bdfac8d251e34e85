import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleId, type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Every list pages: GET /v1/invitations answered every pending invitation at once.

let t: TestContext;
let owner: Session;
const invited: string[] = [];
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Paging Co' });
  const viewer = await roleId(t, owner, 'viewer');
  for (let i = 0; i < 3; i++) {
    const res = await t.request('POST', '/v1/invitations', {
      token: owner.token,
      accountId: owner.accountId,
      body: { email: uniqueEmail(`page${i}`), role_id: viewer },
    });
    expect(res.status, res.text).toBe(201);
    invited.push(res.body.id);
  }
});
afterAll(() => t.close());

const list = (query: string) =>
  t.request('GET', `/v1/invitations${query}`, { token: owner.token, accountId: owner.accountId });

describe('GET /v1/invitations', () => {
  it('pages like every list: { items, total, page, page_size }, newest first', async () => {
    const first = await list('?page_size=2');
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([invited[2], invited[1]]);
    const second = await list('?page_size=2&page=2');
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([invited[0]]);
  });

  it('caps page_size at 100 and validates filters (400)', async () => {
    for (const query of ['?page_size=1000', '?filter=token_hash:eq:x', '?filter=constructor:eq:x']) {
      const res = await list(query);
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('filters by email', async () => {
    const one = await list('');
    const email = one.body.items[0].email;
    const res = await list(`?filter=email:eq:${encodeURIComponent(email)}`);
    expect(res.body.items.map((i: { email: string }) => i.email)).toEqual([email]);
  });
});
