import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createContact, signUpWithCountry } from './support.js';

let t: TestContext;
let owner: Session;
let other: Session;
const ids: Record<string, string> = {};
let vipGroup: string;
let staffGroup: string;
let foreignGroup: string;

/** The names of the contacts a list query returns, sorted, and checks the total agrees. */
async function names(query: string, session: Session = owner): Promise<string[]> {
  const res = await as(t, session)('GET', `/v1/contacts?${query}`);
  expect(res.status, res.text).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return (res.body.items as { name: string }[]).map((c) => c.name).sort();
}

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUpWithCountry(t, 'ET');
  other = await signUpWithCountry(t, 'ET');
  const rows = [
    {
      name: 'ada',
      phone: '0911000001',
      email: 'Ada@Example.com',
      tags: ['vip', 'newsletter'],
      attributes: { city: 'Addis', age: 34, active: true },
    },
    {
      name: 'bekele',
      phone: '0911000002',
      tags: ['newsletter'],
      attributes: { city: 'Adama', age: 9, active: false },
    },
    { name: 'chaltu', email: 'chaltu@example.com', tags: [], attributes: { city: 'Addis', age: '41' } },
    { name: 'dawit', phone: '+447911123456', tags: ['vip'], attributes: { age: 'unknown' } },
  ];
  for (const row of rows) ids[row.name] = (await createContact(t, owner, row)).id;
  await createContact(t, other, {
    name: 'outsider',
    phone: '0911000001',
    tags: ['vip'],
    attributes: { city: 'Addis' },
  });

  const call = as(t, owner);
  vipGroup = (await call('POST', '/v1/contact-groups', { name: 'VIP' })).body.id;
  staffGroup = (await call('POST', '/v1/contact-groups', { name: 'Staff' })).body.id;
  foreignGroup = (await as(t, other)('POST', '/v1/contact-groups', { name: 'VIP' })).body.id;
  await call('POST', `/v1/contact-groups/${vipGroup}/members`, { contact_ids: [ids.ada, ids.dawit] });
  await call('POST', `/v1/contact-groups/${staffGroup}/members`, { contact_ids: [ids.bekele, ids.dawit] });
});
afterAll(() => t.close());

describe('contact list', () => {
  it('pages with totals, newest first by default', async () => {
    const res = await as(t, owner)('GET', '/v1/contacts?page_size=3');
    expect(res.body).toMatchObject({ total: 4, page: 1, page_size: 3 });
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['dawit', 'chaltu', 'bekele']);
    const sorted = await as(t, owner)('GET', '/v1/contacts?sort=name:asc&page=2&page_size=3');
    expect(sorted.body.items.map((c: { name: string }) => c.name)).toEqual(['dawit']);
  });

  it('filters by group membership (eq, in, ne)', async () => {
    expect(await names(`filter=group_id:eq:${vipGroup}`)).toEqual(['ada', 'dawit']);
    expect(await names(`filter=group_id:in:${vipGroup},${staffGroup}`)).toEqual(['ada', 'bekele', 'dawit']);
    expect(await names(`filter=group_id:ne:${vipGroup}`)).toEqual(['bekele', 'chaltu']);
    expect(await names(`filter=group_id:eq:${vipGroup}&filter=group_id:eq:${staffGroup}`)).toEqual(['dawit']);
  });

  it("never lists another account's members through its group id", async () => {
    await as(t, other)('POST', `/v1/contact-groups/${foreignGroup}/members`, {
      contact_ids: [ids.ada],
    });
    expect(await names(`filter=group_id:eq:${foreignGroup}`)).toEqual([]);
  });

  it('filters by tags', async () => {
    expect(await names('filter=tags:eq:vip')).toEqual(['ada', 'dawit']);
    expect(await names('filter=tags:in:vip,newsletter')).toEqual(['ada', 'bekele', 'dawit']);
    expect(await names('filter=tags:ne:vip')).toEqual(['bekele', 'chaltu']);
    expect(await names('filter=tags:is_null:true')).toEqual(['chaltu']);
  });

  it('filters by string attributes', async () => {
    expect(await names('filter=attributes.city:eq:Addis')).toEqual(['ada', 'chaltu']);
    expect(await names('filter=attributes.city:in:Addis,Adama')).toEqual(['ada', 'bekele', 'chaltu']);
    expect(await names('filter=attributes.city:startswith:Ad')).toEqual(['ada', 'bekele', 'chaltu']);
    expect(await names('filter=attributes.city:is_null:true')).toEqual(['dawit']);
  });

  it('filters by numeric and boolean attributes', async () => {
    // A number stored as a string still compares numerically; a non-numeric value never matches.
    expect(await names('filter=attributes.age:gt:30')).toEqual(['ada', 'chaltu']);
    expect(await names('filter=attributes.age:range:5,35')).toEqual(['ada', 'bekele']);
    expect(await names('filter=attributes.age:eq:34')).toEqual(['ada']);
    expect(await names('filter=attributes.active:eq:false')).toEqual(['bekele']);
  });

  it('compares phone filters in E.164, in the account default country', async () => {
    expect(await names('filter=phone:eq:0911000001')).toEqual(['ada']);
    expect(await names(`filter=phone:eq:${encodeURIComponent('+251911000002')}`)).toEqual(['bekele']);
    // A "+" left unencoded arrives as a space; it is restored.
    expect(await names('filter=phone:eq:+447911123456')).toEqual(['dawit']);
    expect(await names('filter=phone:in:0911000001,0911000002')).toEqual(['ada', 'bekele']);
    expect(await names('filter=phone:startswith:+2519')).toEqual(['ada', 'bekele']);
    expect(await names('filter=phone:is_null:true')).toEqual(['chaltu']);
  });

  it('compares email filters case-insensitively', async () => {
    expect(await names('filter=email:eq:ADA@example.com')).toEqual(['ada']);
    expect(await names('filter=email:endswith:@EXAMPLE.com')).toEqual(['ada', 'chaltu']);
  });

  it('filters on plain columns', async () => {
    expect(await names('filter=name:in:ada,chaltu')).toEqual(['ada', 'chaltu']);
    expect(await names(`filter=id:eq:${ids.bekele}`)).toEqual(['bekele']);
    expect(await names('filter=person_id:is_null:true')).toHaveLength(4);
    expect(await names('filter=created_at:gt:2000-01-01')).toHaveLength(4);
  });

  it('answers 400 for an unknown field, a wrong op or a wrong value type', async () => {
    for (const query of [
      'filter=nope:eq:1',
      'filter=group_id:eq:not-a-uuid',
      'filter=group_id:contains:x',
      'filter=attributes.bad key:eq:1',
      'sort=group_id:asc',
      'sort=tags:asc',
    ]) {
      const res = await as(t, owner)('GET', `/v1/contacts?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});
