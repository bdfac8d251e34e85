import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as } from '../tenancy/support.js';
import { getList, listQuery } from './support.js';

let t: TestContext;
let owner: Session;
const CUSTOM = Array.from({ length: 22 }, (_, i) => `r-${String(i + 1).padStart(2, '0')}`);
const SORTED = ['admin', 'agent', ...CUSTOM, 'viewer'];
/** API keys in creation order. */
const keys: { id: string; name: string }[] = [];
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3));

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Paging Co' });
  // Created in a shuffled order so name order and creation order differ.
  for (const name of [...CUSTOM].reverse()) {
    const res = await t.request('POST', '/v1/roles', as(owner, { body: { name, permissions: [] } }));
    expect(res.status, res.text).toBe(201);
  }
  for (const name of ['same', 'other', 'same']) {
    await nextMillisecond();
    const res = await t.request('POST', '/v1/api-keys', as(owner, { body: { name } }));
    expect(res.status, res.text).toBe(201);
    keys.push(res.body);
  }
});
afterAll(() => t.close());

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

describe('sorting', () => {
  it('sorts ascending and descending', async () => {
    const asc = await getList(t, owner, '/v1/roles', { sort: ['name:asc'] });
    expect(names(asc)).toEqual(SORTED);
    const desc = await getList(t, owner, '/v1/roles', { sort: ['name:desc'] });
    expect(names(desc)).toEqual([...SORTED].reverse());
    const bare = await getList(t, owner, '/v1/roles', { sort: ['name'] });
    expect(names(bare)).toEqual(SORTED);
  });

  it('applies several sorts in order', async () => {
    const [same1, other, same2] = keys.map((k) => k.id);
    const newerFirst = await getList(t, owner, '/v1/api-keys', { sort: ['name:asc', 'created_at:desc'] });
    expect(ids(newerFirst)).toEqual([other, same2, same1]);
    const olderFirst = await getList(t, owner, '/v1/api-keys', { sort: ['name:asc', 'created_at:asc'] });
    expect(ids(olderFirst)).toEqual([other, same1, same2]);
    const byNameDesc = await getList(t, owner, '/v1/api-keys', { sort: ['name:desc', 'created_at:asc'] });
    expect(ids(byNameDesc)).toEqual([same1, same2, other]);
  });

  it('uses each list’s default order', async () => {
    const roles = await getList(t, owner, '/v1/roles', {});
    // Roles: oldest first; the shuffled creation puts r-22 right after the default roles.
    expect(names(roles).slice(3, 5)).toEqual(['r-22', 'r-21']);
    const apiKeys = await getList(t, owner, '/v1/api-keys', {});
    // API keys: newest first.
    expect(ids(apiKeys)).toEqual(keys.map((k) => k.id).reverse());
  });
});

describe('pages', () => {
  it('defaults to page 1 of 20 and reports the total', async () => {
    const res = await t.request('GET', '/v1/roles', as(owner));
    expect(res.body).toMatchObject({ total: 25, page: 1, page_size: 20 });
    expect(res.body.items).toHaveLength(20);
  });

  it('walks the pages without gaps or repeats', async () => {
    const seen: string[] = [];
    for (const page of ['1', '2']) {
      const res = await t.request('GET', `/v1/roles${listQuery({ sort: ['name:asc'], page })}`, as(owner));
      expect(res.body).toMatchObject({ total: 25, page: Number(page), page_size: 20 });
      seen.push(...names(res));
    }
    expect(seen).toEqual(SORTED);
    const beyond = await t.request('GET', '/v1/roles?page=3', as(owner));
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({ items: [], total: 25, page: 3 });
  });

  it('keeps pages stable when the sort key ties', async () => {
    // The three default roles share created_at: the id tie-breaker keeps them in one order.
    const seen: string[] = [];
    for (let page = 1; page <= 25; page++) {
      const res = await t.request(
        'GET',
        `/v1/roles${listQuery({ sort: ['created_at:asc'], page: String(page), page_size: '1' })}`,
        as(owner),
      );
      seen.push(...ids(res));
    }
    expect(new Set(seen).size).toBe(25);
  });

  it('honours page_size up to 100', async () => {
    const hundred = await t.request('GET', '/v1/roles?page_size=100', as(owner));
    expect(hundred.body).toMatchObject({ total: 25, page_size: 100 });
    expect(hundred.body.items).toHaveLength(25);
    const small = await t.request('GET', '/v1/roles?page_size=7&page=4&sort=name:asc', as(owner));
    expect(small.body).toMatchObject({ total: 25, page: 4, page_size: 7 });
    expect(names(small)).toEqual(SORTED.slice(21));
  });

  it('counts the filtered total, not the page', async () => {
    const res = await t.request(
      'GET',
      `/v1/roles${listQuery({ filter: ['name:startswith:r-'], page_size: '5' })}`,
      as(owner),
    );
    expect(res.body).toMatchObject({ total: 22, page_size: 5 });
    expect(res.body.items).toHaveLength(5);
  });
});
