import pg from 'pg';
import { expect } from 'vitest';
import type { ApiResponse, TestContext } from '../helpers/harness.js';

/**
 * Runs one SQL statement on this file's database. Tests use it only as a clock (moving
 * `expires_at` into the past), never to read what the API should have answered.
 */
export async function runSql(t: TestContext, text: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    const result = await client.query(text, params);
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** Registers a user without verifying the address; returns the response and the mailed code. */
export async function registerOnly(t: TestContext, email: string, password = 'correct horse battery') {
  const res = await t.request('POST', '/v1/auth/register', {
    body: { email, password, name: 'Test User', account_name: 'Test Account' },
  });
  expect(res.status, res.text).toBe(201);
  return { res, code: await t.sink.codeFor(email) };
}

/** Asserts a problem+json answer with the given status and code. */
export function expectProblem(res: ApiResponse, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, request_id: res.headers.get('x-request-id') });
  if (code) expect(res.body.code).toBe(code);
}

/** Asserts a 422 that names `path` among its field errors. */
export function expectFieldError(res: ApiResponse, path: string): void {
  expectProblem(res, 422);
  const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  expect(paths).toContain(path);
}

/** Asserts that the file's captured log lines hold none of the given secrets (case-insensitive). */
export function expectNotLogged(t: TestContext, secrets: string[]): void {
  // Guards against a vacuous pass: the app must have logged its request lines.
  expect(t.logLines.length).toBeGreaterThan(0);
  const text = t.logLines.join('\n').toLowerCase();
  for (const secret of new Set(secrets.filter(Boolean))) {
    expect(text.includes(secret.toLowerCase()), `a log line holds ${secret.slice(0, 4)}…`).toBe(false);
  }
}
