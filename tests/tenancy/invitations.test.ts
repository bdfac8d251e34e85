import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleId, type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, expectProblem } from './support.js';

let t: TestContext;
let owner: Session;
let agentRole: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Inviting Co' });
  agentRole = await roleId(t, owner, 'agent');
});
afterAll(() => t.close());

/** Invites `email` as agent and returns the invitation and the mailed token. */
async function invite(email: string) {
  const res = await t.request('POST', '/v1/invitations', as(owner, { body: { email, role_id: agentRole } }));
  expect(res.status, res.text).toBe(201);
  const mail = await t.sink.waitFor(email, /inv_/);
  const token = mail.text.match(/(inv_[A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error('no token in the mail');
  return { invitation: res.body, token, mail };
}

const pendingIds = async () =>
  (await t.request('GET', '/v1/invitations', as(owner))).body.items.map((i: { id: string }) => i.id);

describe('invitations', () => {
  it('mails a token to the invited address, and never returns it', async () => {
    const email = uniqueEmail('invitee');
    const { invitation, token, mail } = await invite(email);
    expect(invitation).toEqual({
      id: expect.any(String),
      email,
      role: { id: agentRole, name: 'agent' },
      expires_at: expect.stringMatching(/Z$/),
      accepted_at: null,
      created_at: expect.stringMatching(/Z$/),
    });
    // Tenant text stays out of the subject and is quoted in the body (see tests/security/invitations.test.ts).
    expect(mail.text).toContain('"Inviting Co"');
    expect(JSON.stringify(invitation)).not.toContain(token);
    const list = await t.request('GET', '/v1/invitations', as(owner));
    expect(list.text).not.toContain(token);
    expect(t.logLines.join('\n')).not.toContain(token);
  });

  it('makes the invited user a member with the role on acceptance', async () => {
    const invitee = await signUp(t, { accountName: 'Invitee Own' });
    const { invitation, token } = await invite(invitee.email);
    expect(await pendingIds()).toContain(invitation.id);

    const accepted = await t.request('POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token },
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({
      account: { id: owner.accountId, name: 'Inviting Co' },
      role: { id: agentRole, name: 'agent' },
    });
    const member = await t.request('GET', `/v1/users/${invitee.userId}`, as(owner));
    expect(member.body.role.name).toBe('agent');
    const context = await t.request('GET', '/v1/context/basic', { token: invitee.token });
    expect(context.body.accounts.map((a: { id: string }) => a.id)).toContain(owner.accountId);
    expect(await pendingIds()).not.toContain(invitation.id);

    // The token works once.
    const again = await t.request('POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token },
    });
    expectProblem(again, 422, 'invalid_invitation');
  });

  it('matches the invited address whatever its case', async () => {
    const invitee = await signUp(t);
    const { token } = await invite(invitee.email.toUpperCase());
    const accepted = await t.request('POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token },
    });
    expect(accepted.status, accepted.text).toBe(200);
  });

  it('refuses acceptance by another user (403) and keeps the invitation for the right one', async () => {
    const invitee = await signUp(t);
    const intruder = await signUp(t);
    const { invitation, token } = await invite(invitee.email);
    const stolen = await t.request('POST', '/v1/invitations/accept', {
      token: intruder.token,
      body: { token },
    });
    expectProblem(stolen, 403, 'invitation_email_mismatch');
    expectProblem(await t.request('GET', '/v1/roles', as(intruder, { accountId: owner.accountId })), 403);
    expect(await pendingIds()).toContain(invitation.id);
    const accepted = await t.request('POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token },
    });
    expect(accepted.status, accepted.text).toBe(200);
  });

  it('refuses an unknown token (422) and an API key as the acceptor (403)', async () => {
    const user = await signUp(t);
    const bogus = await t.request('POST', '/v1/invitations/accept', {
      token: user.token,
      body: { token: 'inv_does-not-exist' },
    });
    expectProblem(bogus, 422, 'invalid_invitation');
    expect(bogus.body.errors).toEqual([expect.objectContaining({ path: 'token' })]);
    const key = await t.request('POST', '/v1/api-keys', as(owner, { body: { name: 'k' } }));
    const viaKey = await t.request('POST', '/v1/invitations/accept', {
      token: key.body.key,
      body: { token: 'inv_x' },
    });
    expectProblem(viaKey, 403);
    expectProblem(await t.request('POST', '/v1/invitations/accept', { body: { token: 'inv_x' } }), 401);
  });

  it('lists pending invitations only', async () => {
    const a = await invite(uniqueEmail('pending-a'));
    const b = await invite(uniqueEmail('pending-b'));
    const ids = await pendingIds();
    expect(ids).toEqual(expect.arrayContaining([a.invitation.id, b.invitation.id]));
    const list = await t.request('GET', '/v1/invitations', as(owner));
    for (const item of list.body.items) expect(item.accepted_at).toBeNull();
  });

  it('withdraws a pending invitation, whose token then fails', async () => {
    const invitee = await signUp(t);
    const { invitation, token } = await invite(invitee.email);
    const withdrawn = await t.request('DELETE', `/v1/invitations/${invitation.id}`, as(owner));
    expect(withdrawn.status, withdrawn.text).toBe(204);
    expect(await pendingIds()).not.toContain(invitation.id);
    expectProblem(await t.request('DELETE', `/v1/invitations/${invitation.id}`, as(owner)), 404);
    const late = await t.request('POST', '/v1/invitations/accept', { token: invitee.token, body: { token } });
    expectProblem(late, 422, 'invalid_invitation');
  });

  it('cannot withdraw an accepted invitation (404)', async () => {
    const invitee = await signUp(t);
    const { invitation, token } = await invite(invitee.email);
    await t.request('POST', '/v1/invitations/accept', { token: invitee.token, body: { token } });
    expectProblem(await t.request('DELETE', `/v1/invitations/${invitation.id}`, as(owner)), 404);
    const member = await t.request('GET', `/v1/users/${invitee.userId}`, as(owner));
    expect(member.status).toBe(200);
  });

  it('refuses to invite a current member (409)', async () => {
    const res = await t.request(
      'POST',
      '/v1/invitations',
      as(owner, { body: { email: owner.email.toUpperCase(), role_id: agentRole } }),
    );
    expectProblem(res, 409, 'already_member');
  });

  it('refuses a bad email or role (422 naming the field)', async () => {
    const badEmail = await t.request(
      'POST',
      '/v1/invitations',
      as(owner, { body: { email: 'not-an-email', role_id: agentRole } }),
    );
    expectProblem(badEmail, 422);
    expect(badEmail.body.errors[0].path).toBe('email');
    const badRole = await t.request(
      'POST',
      '/v1/invitations',
      as(owner, { body: { email: uniqueEmail(), role_id: '00000000-0000-4000-8000-000000000000' } }),
    );
    expectProblem(badRole, 422);
    expect(badRole.body.errors[0].path).toBe('role_id');
  });
});
