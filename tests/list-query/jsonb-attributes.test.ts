import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { accounts, contacts } from '../../src/db/schema/index.js';
import { BadRequestError } from '../../src/errors.js';
import { type ListSpec, listRows, parseListQuery } from '../../src/http/list-query.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// A small spec over the contacts table: one plain field and the JSONB `attributes.KEY` path.
const spec: ListSpec = {
  fields: {
    name: { type: 'text', column: contacts.name },
    created_at: { type: 'timestamp', column: contacts.createdAt },
  },
  jsonb: { prefix: 'attributes', column: contacts.attributes },
  defaultSort: { field: 'name', direction: 'asc' },
  tieBreaker: contacts.id,
};

const ROWS: [string, Record<string, unknown>][] = [
  ['amina', { city: 'Addis', age: 30, vip: true, score: '12' }],
  ['bekele', { city: 'addis', age: '25', vip: false, score: 7 }],
  ['chaltu', { city: 'Adama', age: 'old', score: null }],
  ['dawit', { age: 41.5, note: "it's 100%" }],
  ['eden', {}],
  ['fikir', { city: 'Addis', age: -3, score: '1e3' }],
];

let t: TestContext;
let db: Db;
let accountId: string;

beforeAll(async () => {
  t = await setupTestApp();
  db = t.runtime.database.db;
  const [account] = await db.insert(accounts).values({ name: 'Attributes Co' }).returning();
  const [other] = await db.insert(accounts).values({ name: 'Other Co' }).returning();
  accountId = account!.id;
  await db.insert(contacts).values(ROWS.map(([name, attributes]) => ({ accountId, name, attributes })));
  // Another account's contact matches many filters below: the scope must keep it out.
  await db
    .insert(contacts)
    .values({ accountId: other!.id, name: 'zed', attributes: { city: 'Addis', age: 99 } });
});
afterAll(() => t.close());

/** The names of the account's contacts matching the filters. */
async function matching(...filter: string[]): Promise<string[]> {
  const parsed = parseListQuery({ filter }, spec);
  const page = await listRows(db, contacts, eq(contacts.accountId, accountId), parsed);
  expect(page.total).toBe(page.rows.length);
  return page.rows.map((r) => r.name ?? '');
}

describe('attributes.KEY filters', () => {
  it.each([
    // eq on strings is exact and case-sensitive
    [['attributes.city:eq:Addis'], ['amina', 'fikir']],
    [['attributes.city:eq:addis'], ['bekele']],
    // eq on a number matches a stored number and a stored numeric string
    [['attributes.age:eq:30'], ['amina']],
    [['attributes.age:eq:25'], ['bekele']],
    [['attributes.age:eq:41.5'], ['dawit']],
    [['attributes.age:eq:-3'], ['fikir']],
    [['attributes.score:eq:12'], ['amina']],
    // booleans
    [['attributes.vip:eq:true'], ['amina']],
    [['attributes.vip:eq:false'], ['bekele']],
    // numeric comparisons over mixed values: non-numbers never match, nothing fails
    [['attributes.age:gt:26'], ['amina', 'dawit']],
    [['attributes.age:ge:30'], ['amina', 'dawit']],
    [['attributes.age:lt:0'], ['fikir']],
    [['attributes.age:le:25'], ['bekele', 'fikir']],
    [['attributes.age:range:25,30'], ['amina', 'bekele']],
    [['attributes.score:gt:5'], ['amina', 'bekele']],
    [['attributes.missing:gt:1'], []],
    // is_null: a missing key and a JSON null are both null
    [['attributes.city:is_null:true'], ['dawit', 'eden']],
    [['attributes.city:is_null:false'], ['amina', 'bekele', 'chaltu', 'fikir']],
    [['attributes.score:is_null:true'], ['chaltu', 'dawit', 'eden']],
    // text operations
    [['attributes.city:ne:Addis'], ['bekele', 'chaltu', 'dawit', 'eden']],
    [['attributes.city:in:Addis,Adama'], ['amina', 'chaltu', 'fikir']],
    [['attributes.city:icontains:ADD'], ['amina', 'bekele', 'fikir']],
    [['attributes.city:contains:dd'], ['amina', 'bekele', 'fikir']],
    [['attributes.city:startswith:Ad'], ['amina', 'chaltu', 'fikir']],
    [['attributes.city:endswith:ma'], ['chaltu']],
    [['attributes.city:like:A%a'], ['chaltu']],
    [['attributes.note:contains:%'], ['dawit']],
    [['attributes.note:contains:_'], []],
    // combined with plain fields
    [['attributes.city:eq:Addis', 'name:startswith:f'], ['fikir']],
  ])('%j → %j', async (filters, expected) => {
    expect(await matching(...filters)).toEqual(expected);
  });

  it('compares as text when the value is not a number, without failing', async () => {
    await expect(matching('attributes.age:gt:abc')).resolves.toEqual(expect.any(Array));
    await expect(matching('attributes.city:range:A,B')).resolves.toEqual(expect.any(Array));
  });

  it('treats injected values as literals', async () => {
    expect(await matching("attributes.city:eq:Addis' OR '1'='1")).toEqual([]);
    expect(await matching("attributes.city:in:x') OR true --")).toEqual([]);
    const all = await matching();
    expect(all).toEqual(ROWS.map(([name]) => name));
  });
});

describe('attributes.KEY errors', () => {
  it.each([
    'attributes.bad key:eq:x',
    'attributes.:eq:x',
    "attributes.a'b:eq:1",
    'attributes.a->>b:eq:1',
    `attributes.${'k'.repeat(101)}:eq:1`,
    'attributes.city:is_null:maybe',
    'attributes.city:in:a,,b',
    'attributes.age:range:1',
    'attributes.city:nope:x',
    'attributes.city:eq:\u0000',
  ])('%s is a 400 naming filter[0]', (filter) => {
    let error: unknown;
    try {
      parseListQuery({ filter: [filter] }, spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe('invalid_query');
    expect((error as BadRequestError).errors?.[0]).toMatchObject({ path: 'filter[0]' });
  });

  it('mentions attributes.KEY among the filterable fields', () => {
    expect(() => parseListQuery({ filter: ['nope:eq:1'] }, spec)).toThrow(BadRequestError);
    try {
      parseListQuery({ filter: ['nope:eq:1'] }, spec);
    } catch (e) {
      expect((e as BadRequestError).errors?.[0]?.message).toContain('attributes.KEY');
    }
  });

  it('does not sort by an attribute', () => {
    expect(() => parseListQuery({ sort: 'attributes.age:asc' }, spec)).toThrow(BadRequestError);
  });

  it('is not offered by a spec without a JSONB column', () => {
    const plain: ListSpec = { ...spec, jsonb: undefined };
    expect(() => parseListQuery({ filter: 'attributes.city:eq:Addis' }, plain)).toThrow(BadRequestError);
  });
});
