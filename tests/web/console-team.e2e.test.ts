import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContact, createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import {
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
 * invited member signs in with the viewer role and sees no send button anywhere.
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
    await page.getByLabel('Repeat').selectOption('weekly');
    expect(await page.getByLabel('Monday').isChecked()).toBe(true);
    await checkPage(env, page, 'schedule-new');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    await page.getByTestId('schedule-words').getByText('Every Monday at 09:00, Africa/Addis_Ababa').waitFor();
    const occurrences = page.getByTestId('occurrences').getByRole('row');
    await occurrences.nth(4).waitFor();
    expect(await occurrences.count()).toBe(5);
    for (const text of await occurrences.allTextContents()) {
      // In the schedule's zone: Monday 09:00; in the viewer's (UTC): Monday 06:00.
      expect(text).toMatch(/^Mon, .*09:00Mon, .*06:00$/);
    }
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
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    expect(await page.getByRole('link', { name: 'Compose' }).count()).toBe(0);
  });
  expect(env.problems).toEqual([]);
}, 240_000);
