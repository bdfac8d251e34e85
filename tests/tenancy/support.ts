import { expect } from 'vitest';
import type { Session } from '../helpers/factories.js';
import type { ApiResponse, RequestOptions, TestContext } from '../helpers/harness.js';

/** Request options acting as `session` in its account, plus extra options. */
export function as(session: Session, extra: RequestOptions = {}): RequestOptions {
  return { token: session.token, accountId: session.accountId, ...extra };
}

/** Asserts a problem+json answer with `status` and, when given, `code`. */
export function expectProblem(res: ApiResponse, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.status).toBe(status);
  if (code) expect(res.body.code, res.text).toBe(code);
}

/** Creates a role in the session's account and returns its id. */
export async function createRole(
  t: TestContext,
  owner: Session,
  name: string,
  permissions: string[],
  description?: string | null,
): Promise<string> {
  const res = await t.request('POST', '/v1/roles', as(owner, { body: { name, permissions, description } }));
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** Creates an account owned by the session and returns its id. */
export async function createAccount(t: TestContext, owner: Session, name: string): Promise<string> {
  const res = await t.request('POST', '/v1/accounts', { token: owner.token, body: { name } });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** The names of the items of a list response, in order. */
export const namesOf = (res: ApiResponse): string[] => res.body.items.map((i: { name: string }) => i.name);
