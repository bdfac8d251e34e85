import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestContext } from './harness.js';

export type Session = {
  userId: string;
  accountId: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
};

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(4).toString('hex')}@example.com`;

/** Registers, verifies with the mailed code and signs in: a user who owns (admin) a new account. */
export async function signUp(
  t: TestContext,
  options: { email?: string; password?: string; accountName?: string } = {},
): Promise<Session> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? 'correct horse battery';
  const registered = await t.request('POST', '/v1/auth/register', {
    body: { email, password, name: 'Test User', account_name: options.accountName ?? 'Test Account' },
  });
  expect(registered.status, registered.text).toBe(201);
  const code = await t.sink.codeFor(email);
  const verified = await t.request('POST', '/v1/auth/verify-email', { body: { email, code } });
  expect(verified.status, verified.text).toBe(200);
  const session = await signIn(t, email, password);
  return { ...session, userId: registered.body.user.id, accountId: registered.body.account.id };
}

export async function signIn(t: TestContext, email: string, password: string) {
  const login = await t.request('POST', '/v1/auth/login', { body: { email, password } });
  expect(login.status, login.text).toBe(200);
  return {
    email,
    password,
    token: login.body.access_token as string,
    refreshToken: login.body.refresh_token as string,
  };
}

/** The id of a role by name in the session's account. */
export async function roleId(t: TestContext, owner: Session, name: string): Promise<string> {
  const res = await t.request('GET', `/v1/roles?filter=name:eq:${name}`, {
    token: owner.token,
    accountId: owner.accountId,
  });
  expect(res.status, res.text).toBe(200);
  const id = res.body.items[0]?.id;
  if (!id) throw new Error(`no role ${name}`);
  return id;
}

/** A new user invited into the owner's account with a role, signed in, acting in that account. */
export async function addMember(t: TestContext, owner: Session, role: string): Promise<Session> {
  const member = await signUp(t, { accountName: 'Own Account' });
  const invited = await t.request('POST', '/v1/invitations', {
    token: owner.token,
    accountId: owner.accountId,
    body: { email: member.email, role_id: await roleId(t, owner, role) },
  });
  expect(invited.status, invited.text).toBe(201);
  const mail = await t.sink.waitFor(member.email, /inv_/);
  const token = mail.text.match(/(inv_[A-Za-z0-9_-]+)/)?.[1];
  const accepted = await t.request('POST', '/v1/invitations/accept', {
    token: member.token,
    body: { token },
  });
  expect(accepted.status, accepted.text).toBe(200);
  return { ...member, accountId: owner.accountId };
}

/** An API key in the owner's account with the named role; returns the secret. */
export async function createApiKey(t: TestContext, owner: Session, role = 'admin'): Promise<string> {
  const res = await t.request('POST', '/v1/api-keys', {
    token: owner.token,
    accountId: owner.accountId,
    body: { name: `key-${role}`, role_id: await roleId(t, owner, role) },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.key;
}

/** An API key of a new role `name` holding only `permissions`; returns the secret. */
export async function apiKeyWithPermissions(
  t: TestContext,
  owner: Session,
  name: string,
  permissions: string[],
): Promise<string> {
  const created = await t.request('POST', '/v1/roles', {
    token: owner.token,
    accountId: owner.accountId,
    body: { name, permissions },
  });
  expect(created.status, created.text).toBe(201);
  return createApiKey(t, owner, name);
}

/** A sandbox channel in the session's account (config: delay_ms, failure_rate, deliver). */
export async function createSandboxChannel(
  t: TestContext,
  owner: Session,
  config: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
): Promise<string> {
  const res = await t.request('POST', '/v1/channels', {
    token: owner.token,
    accountId: owner.accountId,
    body: { name: 'Sandbox', channel_type: 'sandbox', config, ...settings },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** A contact in the session's account. */
export async function createContact(
  t: TestContext,
  owner: Session,
  fields: Record<string, unknown>,
): Promise<any> {
  const res = await t.request('POST', '/v1/contacts', {
    token: owner.token,
    accountId: owner.accountId,
    body: fields,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** A template in the session's account. */
export async function createTemplate(
  t: TestContext,
  owner: Session,
  fields: Record<string, unknown>,
): Promise<any> {
  const res = await t.request('POST', '/v1/templates', {
    token: owner.token,
    accountId: owner.accountId,
    body: { name: 'Template', ...fields },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}
