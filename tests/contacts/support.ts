import { expect } from 'vitest';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';

/** An account owner whose account reads national phone numbers as `country` (default Ethiopia). */
export async function signUpWithCountry(t: TestContext, country: string | null = 'ET'): Promise<Session> {
  const owner = await signUp(t);
  if (country !== null) {
    const res = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
      token: owner.token,
      accountId: owner.accountId,
      body: { default_country_code: country },
    });
    expect(res.status, res.text).toBe(200);
  }
  return owner;
}

/** Calls a route as `session` in its account. */
export function as(t: TestContext, session: Session) {
  return (method: string, path: string, body?: unknown) =>
    t.request(method, path, {
      token: session.token,
      accountId: session.accountId,
      ...(body !== undefined ? { body } : {}),
    });
}

/** Creates a contact and returns its body; fails the test on anything but 201. */
export async function createContact(t: TestContext, session: Session, body: Record<string, unknown>) {
  const res = await as(t, session)('POST', '/v1/contacts', body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; phone: string | null; email: string | null; [key: string]: unknown };
}

/** The field paths of a problem+json 422. */
export const errorPaths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
