import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addMember,
  createContact,
  createSandboxChannel,
  type Session,
  signUp,
} from '../helpers/factories.js';
import {
  approvalAccount,
  type ConsoleEnv,
  checkPage,
  openPage,
  runJourney,
  signInThroughPage,
  startConsole,
} from './console-harness.js';

/**
 * Schedules and the team in headless Chromium: a weekly schedule in another timezone shows its
 * next runs in that zone and in the viewer's (from the API's occurrences), pauses and resumes; the
 * settings tabs (account, members and invitations, roles, API keys with a one-time reveal); an
 * invited member signs in with the viewer role and sees no send button anywhere. A broadcast over
 * the approval threshold: its creator cannot approve it, another member with the approve permission
 * rejects one (with a reason) and approves another.
 */

let env: ConsoleEnv;
let owner: Session;
let invitee: Session;

beforeAll(async () => {
  env = await startConsole();
  owner = await signUp(env.t, { accountName: 'Team Co' });
  invitee = await signUp(env.t, { accountName: 'Invitee Own' });
  await createSandboxChannel(env.t, owner);
  const contact = await createContact(env.t, owner, { name: 'Abebe', phone: '+251911234567' });
  const group = await env.t.request('POST', '/v1/contact-groups', {
    token: owner.token,
    accountId: owner.accountId,
    body: { name: 'Staff' },
  });
  await env.t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
    token: owner.token,
    accountId: owner.accountId,
    body: { contact_ids: [contact.id] },
  });
}, 180_000);

afterAll(async () => {
  await env?.close();
});

it('creates a weekly schedule in another timezone, runs the team settings, and signs in a viewer', async () => {
  const page = await openPage(env);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  await runJourney(env, page, async () => {
    await signInThroughPage(env, page, owner.email, owner.password);

    // A weekly schedule at 09:00 in Addis Ababa (UTC+3; the browser runs in UTC).
    await nav('Schedules').click();
    await page.getByText('No schedules yet').waitFor();
    await checkPage(env, page, 'schedules-empty');
    await page.getByRole('link', { name: 'New schedule' }).first().click();
    await page.getByLabel('Name (optional)').fill('Monday briefing');
    await page.getByLabel('Channel').selectOption({ label: 'Sandbox (Sandbox (test))' });
    await page.getByLabel('Staff').check();
    await page.getByLabel('Message', { exact: true }).fill('Good morning {NAME}, the briefing is at 10.');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('First run (date)').fill(tomorrow);
    await page.getByLabel('Time', { exact: true }).fill('09:00');
    await page.getByLabel('Timezone').selectOption('Africa/Addis_Ababa');
    // An invalid rule shows the API's message before anything is saved.
    await page.getByLabel('Repeat').selectOption('cron');
    await page.getByLabel('Cron expression').fill('61 * * * *');
    await page
      .getByTestId('occurrences-error')
      .getByText(/invalid cron expression/)
      .waitFor();
    await page.getByLabel('Repeat').selectOption('weekly');
    expect(await page.getByLabel('Monday').isChecked()).toBe(true);
    const occurrences = page.getByTestId('occurrences').getByRole('row');
    const expectMondays = async () => {
      await page
        .getByTestId('occurrences')
        .getByText(/^Mon, /)
        .first()
        .waitFor();
      await occurrences.nth(4).waitFor();
      expect(await occurrences.count()).toBe(5);
      for (const text of await occurrences.allTextContents()) {
        // In the schedule's zone: Monday 09:00; in the viewer's (UTC): Monday 06:00.
        expect(text).toMatch(/^Mon, .*09:00Mon, .*06:00$/);
      }
    };
    // The next five runs, before saving.
    await expectMondays();
    expect(page.url()).toMatch(/\/schedules\/new$/);
    await checkPage(env, page, 'schedule-new');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    await page.getByTestId('schedule-words').getByText('Every Monday at 09:00, Africa/Addis_Ababa').waitFor();
    await expectMondays();
    await checkPage(env, page, 'schedule-detail');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('paused', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await nav('Schedules').click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Monday briefing' })
      .filter({ hasText: 'Every Monday at 09:00, Africa/Addis_Ababa' })
      .waitFor();
    await checkPage(env, page, 'schedules');

    // Team and settings.
    await nav('Team and settings').click();
    await page.getByLabel('Account name').waitFor();
    await checkPage(env, page, 'settings-account');
    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByLabel('Email to invite').fill(invitee.email);
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'viewer' });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: invitee.email })
      .filter({ hasText: 'viewer' })
      .waitFor();
    await checkPage(env, page, 'settings-members');
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByRole('heading', { name: /viewer/ }).waitFor();
    expect(await page.getByLabel('viewer: messages send').isChecked()).toBe(false);
    expect(await page.getByLabel('agent: messages send').isChecked()).toBe(true);
    await checkPage(env, page, 'settings-roles');
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(secret).toMatch(/^tk_/);
    await checkPage(env, page, 'settings-api-keys');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByTestId('new-api-key').waitFor({ state: 'detached' });
    expect(await page.getByText(secret).count()).toBe(0);

    // The invitee accepts and, as a viewer of Team Co, sees no send button.
    const mail = await env.t.sink.waitFor(invitee.email, /inv_/);
    const token = mail.text.match(/(inv_[A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    await signInThroughPage(env, page, invitee.email, invitee.password);
    await page.goto(`${env.base}/accept-invitation?token=${token}`);
    await page.getByRole('button', { name: 'Join the account' }).click();
    await page.waitForURL(/\/messages/);
    await page.getByRole('button', { name: /Switch account/ }).click();
    await page.getByRole('menuitemradio', { name: /Team Co/ }).click();
    await page.getByRole('button', { name: 'Account: Team Co. Switch account' }).waitFor();
    await nav('Broadcasts').click();
    await page.getByText('No broadcasts yet').waitFor();
    await nav('Schedules').click();
    await page.getByRole('row').filter({ hasText: 'Monday briefing' }).waitFor();
    expect(await nav('Compose').count()).toBe(0);
    for (const name of ['New broadcast', 'New schedule', 'Compose', 'Send a message', 'Send broadcast']) {
      expect(await page.getByRole('link', { name }).count(), name).toBe(0);
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await page.getByRole('row').filter({ hasText: 'Monday briefing' }).click();
    await page.getByTestId('schedule-words').waitFor();
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save schedule' }).count()).toBe(0);
    await page.goto(`${env.base}/compose`);
    await page.getByText('Your role cannot send').waitFor();
    expect(await page.getByRole('button', { name: 'Send message' }).count()).toBe(0);
    await page.goto(`${env.base}/messages`);
    await page.getByRole('heading', { level: 1, name: 'Messages', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Compose' }).count()).toBe(0);
  });
  expect(env.problems).toEqual([]);
}, 240_000);

it('lets another member approve or reject a broadcast waiting for approval, never its creator', async () => {
  const t = env.t;
  const creator = await signUp(t, { accountName: 'Approvals Co' });
  const as = (body?: object) => ({ token: creator.token, accountId: creator.accountId, body });
  const role = await t.request(
    'POST',
    '/v1/roles',
    as({ name: 'approver', permissions: ['group_messages:approve', 'messages:read', 'channels:read'] }),
  );
  expect(role.status, role.text).toBe(201);
  const approver = await addMember(t, creator, 'approver');
  const { channelId, contactIds } = await approvalAccount(t, creator);
  const broadcast = async (name: string) => {
    const res = await t.request(
      'POST',
      '/v1/group-messages',
      as({ name, channel_id: channelId, message_body: name, contact_ids: contactIds, status: 'queued' }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('pending_approval');
    return res.body.id as string;
  };
  const rejectId = await broadcast('Price change');
  const approveId = await broadcast('Holiday hours');

  const page = await openPage(env);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  await runJourney(env, page, async () => {
    // The creator (an admin, who may approve) sees it waiting, but no button to approve their own.
    await signInThroughPage(env, page, creator.email, creator.password);
    await nav('Broadcasts').click();
    const row = page.getByRole('row').filter({ hasText: 'Price change' });
    // On a phone the badge moves under the name: the row holds it twice, one of them hidden.
    await row.getByText('pending approval').filter({ visible: true }).waitFor();
    await checkPage(env, page, 'broadcasts-pending-approval');
    await row.click();
    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    await page.getByText('Another member with the approve permission must approve it').waitFor();
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);

    // The approver rejects one with a reason and approves the other.
    await signInThroughPage(env, page, approver.email, approver.password);
    await page.getByRole('button', { name: /Switch account/ }).click();
    await page.getByRole('menuitemradio', { name: /Approvals Co/ }).click();
    await page.getByRole('button', { name: 'Account: Approvals Co. Switch account' }).waitFor();
    await page.goto(`${env.base}/broadcasts/${rejectId}`);
    await page.getByText('Approve it to start sending, or reject it.').waitFor();
    await checkPage(env, page, 'broadcast-pending-approval');
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByLabel('Reason (optional)').fill('Wait for the new price list');
    await page.getByRole('button', { name: 'Reject broadcast' }).click();
    await page.getByTestId('rejection-reason').getByText('Wait for the new price list').waitFor();
    await page.getByRole('heading', { name: 'Rejected' }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);

    await page.goto(`${env.base}/broadcasts/${approveId}`);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('button', { name: 'Approve and send' }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    expect(await page.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(0);
  });
  const approved = await t.request('GET', `/v1/group-messages/${approveId}`, as());
  expect(approved.body.approval).toMatchObject({ decision: 'approved', decided_by_user_id: approver.userId });
  const rejected = await t.request('GET', `/v1/group-messages/${rejectId}`, as());
  expect(rejected.body).toMatchObject({
    status: 'cancelled',
    sent_count: 0,
    approval: { decision: 'rejected', reason: 'Wait for the new price list' },
  });
  expect(env.problems).toEqual([]);
}, 240_000);
