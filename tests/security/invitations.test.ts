import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, roleId, type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Invitation mail goes out under the platform's sender: an attacker must not turn it into a phishing
// relay (tenant text read as our words, or an unlimited stream of mail to one address).

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const invite = (owner: Session, email: string, role: string) =>
  t.request('POST', '/v1/invitations', {
    token: owner.token,
    accountId: owner.accountId,
    body: { email, role_id: role },
  });

describe('invitations', () => {
  it('quote tenant-written names as data, on one line, never in the subject', async () => {
    const owner = await signUp(t, {
      accountName: 'Acme\n\nURGENT from Turumba: your account is locked, log in at http://evil.example now',
    });
    const victim = uniqueEmail('victim');
    const res = await invite(owner, victim, await roleId(t, owner, 'viewer'));
    expect(res.status, res.text).toBe(201);
    const mail = await t.sink.waitFor(victim, /inv_/);
    expect(mail.subject).toBe('You are invited to a Turumba account');
    const line = mail.text.split('\n').find((l) => l.startsWith('Account name'));
    expect(line).toMatch(/^Account name, as its members wrote it: "Acme URGENT from Turumba: .*…"$/);
    expect(mail.text).not.toMatch(/^URGENT/m);
    expect(mail.text).toContain('Turumba did not write these names');
  });

  it('allow one pending invitation per address (409), again once withdrawn', async () => {
    const owner = await signUp(t);
    const email = uniqueEmail('twice');
    const viewer = await roleId(t, owner, 'viewer');
    const first = await invite(owner, email, viewer);
    expect(first.status).toBe(201);
    const second = await invite(owner, email.toUpperCase(), viewer);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('invitation_pending');
    const withdrawn = await t.request('DELETE', `/v1/invitations/${first.body.id}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(withdrawn.status).toBe(204);
    expect((await invite(owner, email, viewer)).status).toBe(201);
    const audit = await t.request(
      'GET',
      '/v1/audit-log?filter=resource_type:eq:invitation&sort=created_at:asc',
      {
        token: owner.token,
        accountId: owner.accountId,
      },
    );
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'invitation.created',
      'invitation.withdrawn',
      'invitation.created',
    ]);
    expect(audit.text).not.toContain('inv_');
  });

  it('keep one pending invitation per address when two are sent at once, in the database itself', async () => {
    const owner = await signUp(t);
    const email = uniqueEmail('race');
    const viewer = await roleId(t, owner, 'viewer');
    const answers = await Promise.all([
      invite(owner, email, viewer),
      invite(owner, email.toUpperCase(), viewer),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('invitation_pending');
    const listed = await t.request('GET', `/v1/invitations?filter=email:eq:${email}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(listed.body.total).toBe(1);

    // Whatever the code path, the database refuses a second unanswered row for the address.
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await expect(
        db.query(
          `INSERT INTO invitations (account_id, email, role_id, token_hash, expires_at)
           VALUES ($1, $2, $3, 'another-hash', now() + interval '1 day')`,
          [owner.accountId, email.toUpperCase(), viewer],
        ),
      ).rejects.toMatchObject({ code: '23505', constraint: 'invitations_pending_email_key' });

      // An expired invitation no longer blocks the address: a new one replaces it.
      await db.query(
        `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE account_id = $1`,
        [owner.accountId],
      );
    } finally {
      await db.end();
    }
    const renewed = await invite(owner, email, viewer);
    expect(renewed.status, renewed.text).toBe(201);
    const now = await t.request('GET', `/v1/invitations?filter=email:eq:${email}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(now.body.items.map((i: { id: string }) => i.id)).toEqual([renewed.body.id]);
  });

  it('throttle one recipient across accounts (429 with Retry-After): 25 in a row no longer go out', async () => {
    const target = uniqueEmail('flooded');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const owner = await signUp(t);
      const res = await invite(owner, target, await roleId(t, owner, 'viewer'));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('throttle one account sending to many addresses', async () => {
    const owner = await signUp(t);
    const viewer = await roleId(t, owner, 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await invite(owner, uniqueEmail('spray'), viewer)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('cannot be withdrawn by a lower role when they invite to a higher one', async () => {
    const owner = await signUp(t);
    const role = await t.request('POST', '/v1/roles', {
      token: owner.token,
      accountId: owner.accountId,
      body: { name: 'recruiter', permissions: ['users:manage', 'users:read', 'roles:read'] },
    });
    expect(role.status, role.text).toBe(201);
    const recruiter = await addMember(t, owner, 'recruiter');
    const adminInvite = await invite(owner, uniqueEmail('new-admin'), await roleId(t, owner, 'admin'));
    expect(adminInvite.status).toBe(201);
    const refused = await t.request('DELETE', `/v1/invitations/${adminInvite.body.id}`, {
      token: recruiter.token,
      accountId: owner.accountId,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('role_escalation');
  });
});
