import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueEmail } from '../helpers/factories.js';
import {
  type ConsoleEnv,
  checkPage as check,
  openPage,
  runJourney,
  startConsole,
} from './console-harness.js';

/**
 * The console end to end in a real headless Chromium against the platform served over HTTP, with
 * the dispatch roles running: sign up → code from the SMTP sink → verify → sign in → sandbox
 * channel → verify it → template with preview → compose and send → delivered in the table →
 * filters → sign out. Every page is checked with axe-core (light and dark) and for overflow at
 * 375 px. With CONSOLE_SCREENSHOTS=1 it writes each page's screenshots to docs/console/.
 */

let env: ConsoleEnv;
let t: ConsoleEnv['t'];
let base: string;

beforeAll(async () => {
  env = await startConsole({ send: true });
  ({ t, base } = env);
}, 180_000);

afterAll(async () => {
  await env?.close();
});

const checkPage = (page: Page, name: string) => check(env, page, name);

it('signs up, sends a message through a sandbox channel, sees it delivered, filters and signs out', async () => {
  const page = await openPage(env);
  await runJourney(env, page, () => journey(page));
  expect(env.problems).toEqual([]);
}, 300_000);

async function journey(page: Page) {
  const email = uniqueEmail('console');
  const password = 'correct horse battery';
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

  // No session: the console sends us to sign in.
  await page.goto(`${base}/messages`);
  await page.waitForURL(/\/sign-in/);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await checkPage(page, 'sign-in');

  // Sign up.
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText('Name your organisation').waitFor();
  await checkPage(page, 'sign-up');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Organisation').fill('Analytical Engines');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();

  // Verify: a wrong code shows the API's field error on the field, the mailed one passes.
  await page.waitForURL(/\/verify-email/);
  const code = await t.sink.codeFor(email);
  await page.getByLabel('Verification code').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await page.getByText('invalid or expired').waitFor();
  expect(await page.getByLabel('Verification code').getAttribute('aria-invalid')).toBe('true');
  await checkPage(page, 'verify-email');
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();

  // Sign in (the email is carried over).
  await page.waitForURL(/\/sign-in/);
  expect(await page.getByLabel('Email').inputValue()).toBe(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/messages/);
  await page.getByText('No messages yet').waitFor();
  await checkPage(page, 'messages-empty');

  // A sandbox channel, verified.
  await nav('Channels').click();
  await page.getByText('No channels yet').waitFor();
  await checkPage(page, 'channels-empty');
  await page.getByRole('link', { name: 'New channel' }).first().click();
  await page.getByRole('heading', { name: 'New channel' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Sandbox one');
  await page.getByLabel('Failure rate (optional)').fill('2');
  await page.getByRole('button', { name: 'Create channel' }).click();
  await page.getByText('At most 1').waitFor();
  await checkPage(page, 'channel-new');
  await page.getByLabel('Failure rate (optional)').fill('0');
  await page.getByRole('button', { name: 'Create channel' }).click();
  await page.waitForURL(/\/channels\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Sandbox one' }).waitFor();
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await page.getByTestId('channel-status').getByText('connected').waitFor();
  await page.getByRole('button', { name: 'Copy the inbound webhook URL' }).waitFor();
  await checkPage(page, 'channel-detail');
  await nav('Channels').click();
  await page.getByRole('row').filter({ hasText: 'Sandbox one' }).filter({ hasText: 'connected' }).waitFor();
  await checkPage(page, 'channels');

  // A template, with its variables detected and a live preview.
  await nav('Templates').click();
  await page.getByText('No templates yet').waitFor();
  await checkPage(page, 'templates-empty');
  await page.getByRole('link', { name: 'New template' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill('Welcome code');
  await page.getByLabel('Message').fill('Hi {FIRST_NAME}, your code is {CODE}.');
  const chips = page.getByRole('list', { name: 'Detected variables' });
  await chips.getByText('FIRST_NAME').waitFor();
  await chips.getByText('CODE', { exact: true }).waitFor();
  await page.getByTestId('preview-body').getByText('Hi {FIRST_NAME}, your code is {CODE}.').waitFor();
  await page.getByTestId('preview-segments').getByText('1 segment').waitFor();
  await checkPage(page, 'template-editor');
  await page.getByRole('button', { name: 'Create template' }).click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  await nav('Templates').click();
  await page.getByRole('row').filter({ hasText: 'Welcome code' }).waitFor();
  await checkPage(page, 'templates');

  // Compose with the template and send.
  await nav('Compose').click();
  await page.getByRole('heading', { name: 'Compose' }).waitFor();
  await page.getByLabel('Channel').selectOption({ label: 'Sandbox one (Sandbox (test))' });
  await page.getByLabel('Phone number').fill('+254712345678');
  await page.getByRole('tab', { name: 'Use a template' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Welcome code' });
  await page.getByLabel('CODE', { exact: true }).fill('4321');
  await page.getByTestId('preview-body').getByText('your code is 4321.').waitFor();
  await checkPage(page, 'compose');
  await page.getByRole('button', { name: 'Send message' }).click();

  // It appears in the table and turns delivered (the page polls while it moves).
  await page.waitForURL(/\/messages\?message=/);
  const sheet = page.getByRole('dialog', { name: 'Message' });
  await sheet.getByText('delivered', { exact: true }).waitFor({ timeout: 30_000 });
  await sheet.getByText('your code is 4321.').waitFor();
  await checkPage(page, 'message-detail');
  await page.keyboard.press('Escape');
  const row = page.getByRole('row').filter({ hasText: '+254712345678' });
  await row.filter({ hasText: 'delivered' }).waitFor({ timeout: 30_000 });
  await checkPage(page, 'messages');

  // Filters live in the URL and map to the API's list query.
  await page.getByLabel('Status').selectOption('delivered');
  await page.waitForURL(/status=delivered/);
  await row.waitFor();
  await page.getByLabel('Status').selectOption('permanently_failed');
  await page.getByText('No message matches these filters').waitFor();
  // Shared link after a reload: the access token is gone from memory, the refresh cookie brings it back.
  await page.goto(`${base}/messages?status=delivered&address=712345678`);
  await row.waitFor();
  expect(await page.getByLabel('Status').inputValue()).toBe('delivered');
  await page.getByRole('button', { name: 'Clear filters' }).waitFor({ state: 'detached' });

  await page.goto(`${base}/accept-invitation`);
  await page.getByRole('heading', { name: 'Accept an invitation' }).waitFor();
  await checkPage(page, 'accept-invitation');

  // Sign out: back to sign-in, and the cookie no longer opens a session.
  await page.getByRole('button', { name: 'User menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
  await page.waitForURL(/\/sign-in/);
  await page.goto(`${base}/messages`);
  await page.waitForURL(/\/sign-in/);

  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  await checkPage(page, 'forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
  await checkPage(page, 'reset-password');
}
