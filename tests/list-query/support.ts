import { expect } from 'vitest';
import type { Session } from '../helpers/factories.js';
import type { ApiResponse, TestContext } from '../helpers/harness.js';
import { as } from '../tenancy/support.js';

/** `?filter=...&filter=...&sort=...` with every value URL-encoded. */
export function listQuery(params: { filter?: string[]; sort?: string[]; page?: string; page_size?: string }) {
  const search = new URLSearchParams();
  for (const f of params.filter ?? []) search.append('filter', f);
  for (const s of params.sort ?? []) search.append('sort', s);
  if (params.page !== undefined) search.set('page', params.page);
  if (params.page_size !== undefined) search.set('page_size', params.page_size);
  return `?${search}`;
}

/** GETs a list with the query and asserts 200. */
export async function getList(
  t: TestContext,
  session: Session,
  path: string,
  params: Parameters<typeof listQuery>[0],
): Promise<ApiResponse> {
  const res = await t.request('GET', `${path}${listQuery({ page_size: '100', ...params })}`, as(session));
  expect(res.status, res.text).toBe(200);
  return res;
}

/** A field of every item, sorted: for asserting the exact set of items a filter returns. */
export const fieldOf = (res: ApiResponse, field = 'name'): string[] =>
  res.body.items.map((i: Record<string, string>) => i[field]).sort();
