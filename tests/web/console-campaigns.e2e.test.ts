import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContactImportWorker } from '../../workers/contact-import.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import {
  type ConsoleEnv,
  checkPage,
  openPage,
  runJourney,
  signInThroughPage,
  startConsole,
} from './console-harness.js';

/**
 * Audience and broadcasts end to end in headless Chromium, with the import and dispatch roles
 * running: import a 1,000-row CSV and watch it finish → filter on an attribute and save the
 * matches as a group → a broadcast to the 1,000 through the wizard whose progress reaches 100%
 * without a reload → a slow second broadcast cancelled midway whose counters add up → the
 * dashboard. On this
 * branch the live event stream is not served, so the pages' polling fallback is what moves them.
 */

let env: ConsoleEnv;
let owner: Session;

beforeAll(async () => {
  env = await startConsole({ send: true }, async (t) => [await startContactImportWorker(t.runtime)]);
  owner = await signUp(env.t, { accountName: 'Campaigns' });
  await createSandboxChannel(env.t, owner);
}, 180_000);

afterAll(async () => {
  await env?.close();
});

const number = async (page: Page, testId: string) =>
  Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/[^\d]/g, ''));

async function wizard(page: Page, name: string) {
  await page.goto(`${env.base}/broadcasts/new`);
  await page.getByRole('heading', { name: 'New broadcast' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Channel').selectOption({ label: 'Sandbox (Sandbox (test))' });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Everyone').check();
  await page.getByTestId('recipient-count').getByText('1,000 recipients').waitFor();
}

it('imports 1,000 contacts, saves a filter as a group, and runs and cancels broadcasts live', async () => {
  const page = await openPage(env);
  await runJourney(env, page, async () => {
    await signInThroughPage(env, page, owner.email, owner.password);

    // Import: drop a file (set on the file input), check the mapping, start, watch it finish.
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `Person ${i},+2547${10_000_000 + i},${i % 4 === 0 ? 'gold' : 'basic'},Everyone`,
    );
    const csv = path.join(tmpdir(), `turumba-import-${Date.now()}.csv`);
    await writeFile(csv, ['Name,Mobile,Plan,Group', ...rows].join('\n'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
    await page.getByText('No imports yet.').waitFor();
    await checkPage(env, page, 'contact-import');
    await page.getByLabel('CSV file').setInputFiles(csv);
    await page.getByRole('cell', { name: 'Person 3', exact: true }).waitFor();
    expect(await page.getByLabel('Import column “Mobile” as').inputValue()).toBe('phone');
    expect(await page.getByLabel('Import column “Group” as').inputValue()).toBe('groups');
    expect(await page.getByLabel('Import column “Plan” as').inputValue()).toBe('attr:plan');
    await page.getByLabel('Import column “Plan” as').selectOption({ label: 'attribute “plan”' });
    await checkPage(env, page, 'contact-import-preview');
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByTestId('import-status').getByText('completed').waitFor({ timeout: 60_000 });
    expect(await number(page, 'import-imported')).toBe(1000);
    expect(await number(page, 'import-failed')).toBe(0);
    await checkPage(env, page, 'contact-import-done');

    // Contacts: filter on attributes.Plan, save the matches as a group.
    await page.goto(`${env.base}/contacts`);
    await page.getByText('1,000 in the account').waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Filter 1 field').selectOption('attributes');
    await page.getByLabel('Filter 1 attribute name').fill('plan');
    await page.getByLabel('Filter 1 operator').selectOption('eq');
    await page.getByLabel('Filter 1 value').fill('gold');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/attributes\.plan/);
    await page.getByText('250 matching').waitFor();
    await checkPage(env, page, 'contacts');
    await page.getByRole('button', { name: 'Save filter as group' }).click();
    await page.getByLabel('Group name').fill('Gold plan');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    await page.getByText('250 members').waitFor({ timeout: 30_000 });
    await checkPage(env, page, 'group');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('row').filter({ hasText: 'Everyone' }).filter({ hasText: '1,000' }).waitFor();
    await checkPage(env, page, 'groups');

    // While the API cannot count the audience, the wizard says so and offers to count again.
    const audienceCount = '**/v1/group-messages/audience';
    await page.route(audienceCount, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'Try again shortly' }),
      }),
    );
    await page.goto(`${env.base}/broadcasts/new`);
    await page.getByLabel('Name', { exact: true }).fill('Not counted');
    await page.getByLabel('Channel').selectOption({ label: 'Sandbox (Sandbox (test))' });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Everyone').check();
    await page
      .getByTestId('recipient-count')
      .getByText('Recipients not counted')
      .waitFor({ timeout: 20_000 });
    await page.getByTestId('recipient-count-error').getByText('Try again shortly').waitFor();
    await checkPage(env, page, 'broadcast-wizard-count-error');
    await page.unroute(audienceCount);
    await page.getByRole('button', { name: 'Count again' }).click();
    await page.getByTestId('recipient-count').getByText('1,000 recipients').waitFor();
    expect(await page.getByTestId('recipient-count-error').count()).toBe(0);

    // A broadcast to the 1,000 through the wizard: its bar reaches 100% with no reload.
    await wizard(page, 'Welcome everyone');
    await checkPage(env, page, 'broadcast-wizard-audience');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Message').fill('Hello {NAME}, welcome aboard.');
    await page
      .getByTestId('preview-body')
      .getByText(/^Hello Person \d+, welcome aboard\.$/)
      .waitFor();
    await page.getByTestId('segments-total').getByText('About 1,000 segments in all').waitFor();
    await checkPage(env, page, 'broadcast-wizard-content');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    const loads: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && loads.push(frame.url()));
    await page.getByTestId('progress-text').getByText('100% · 1000 of 1000').waitFor({ timeout: 90_000 });
    await page.getByText('completed', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByTestId('count-delivered').getByText('1000').waitFor({ timeout: 30_000 });
    expect(loads).toEqual([]);
    await page
      .getByRole('row')
      .filter({ hasText: 'Hello Person' })
      .filter({ hasText: 'delivered' })
      .first()
      .waitFor();
    // The chart of sends over time adds up to the counters (its data table is for screen readers).
    await page
      .getByRole('img', { name: /Welcome everyone: messages sent, delivered and failed per minute/ })
      .waitFor();
    await waitForChartTotals(page, { sent: 1000, delivered: 1000 });
    await checkPage(env, page, 'broadcast-detail');

    // A second, slow one (5 a second) cancelled midway: every recipient is accounted for.
    await wizard(page, 'Slow reminder');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Message').fill('A reminder for {NAME}.');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Send rate (optional)').fill('5');
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="count-delivered"]')?.textContent ?? 0) > 0,
      undefined,
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Cancel broadcast' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel broadcast' }).click();
    await page.getByText('cancelled', { exact: true }).first().waitFor({ timeout: 30_000 });
    // Its chart followed the sends without a reload.
    await waitForChartTotals(page, { sent: 1, delivered: 1 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="count-pending"]')?.textContent === '0',
      undefined,
      {
        timeout: 60_000,
      },
    );
    const keys = ['delivered', 'sent', 'failed', 'skipped', 'cancelled', 'pending', 'total'] as const;
    const values = await Promise.all(keys.map((k) => number(page, `count-${k}`)));
    const counts = Object.fromEntries(keys.map((k, i) => [k, values[i]!])) as Record<
      (typeof keys)[number],
      number
    >;
    expect(counts.total).toBe(1000);
    expect(counts.cancelled).toBeGreaterThan(0);
    expect(counts.delivered).toBeGreaterThan(0);
    expect(
      counts.delivered + counts.sent + counts.failed + counts.skipped + counts.cancelled + counts.pending,
    ).toBe(1000);
    await page.getByLabel('Recipient status').selectOption('cancelled');
    await page.getByRole('row').filter({ hasText: 'cancelled' }).first().waitFor();
    await checkPage(env, page, 'broadcast-cancelled');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Welcome everyone' })
      .filter({ hasText: 'completed' })
      .waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'Slow reminder' })
      .filter({ hasText: 'cancelled' })
      .waitFor();
    await checkPage(env, page, 'broadcasts');

    // The dashboard: today's figures and the chart come from GET /v1/stats/messages.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Sent per day, by channel' }).waitFor();
    await page.getByRole('heading', { name: 'Last 14 days' }).waitFor();
    await page.getByText('No broadcast is running.').waitFor();
    // The sandbox channel was never verified: it is listed as needing attention.
    await page
      .getByRole('region', { name: 'Channels needing attention' })
      .getByRole('link', { name: 'Sandbox' })
      .waitFor();
    const chart = page.getByRole('img', {
      name: /Messages sent per day over the last 14 days, by channel \(days in UTC\)/,
    });
    await chart.waitFor();
    // Day labels under the bars (the account's zone is UTC, as the browser's), a value axis from 0.
    const today = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
    }).format(new Date());
    await chart
      .locator('text')
      .filter({ hasText: new RegExp(`^${today}$`) })
      .waitFor();
    await chart.locator('text').filter({ hasText: /^0$/ }).waitFor();
    await page
      .getByTestId('daily-chart')
      .getByRole('list', { name: 'Legend' })
      .getByText('Sandbox')
      .waitFor();
    const sentToday = await page.getByRole('region', { name: 'Today' }).locator('dd').first().textContent();
    // The first broadcast's 1,000, plus whatever the cancelled one sent before it stopped.
    expect(Number(sentToday?.replaceAll(/\D/g, ''))).toBeGreaterThanOrEqual(1000);
    await checkPage(env, page, 'dashboard');
  });
  expect(env.problems).toEqual([]);
}, 300_000);

/** Waits until the sent and delivered columns of the sends chart's table reach at least `min`. */
async function waitForChartTotals(page: Page, min: { sent: number; delivered: number }) {
  await page.waitForFunction(
    (want) => {
      const rows = Array.from(document.querySelectorAll('[data-testid="sends-chart"] tbody tr'));
      const sum = (col: number) => rows.reduce((n, r) => n + Number(r.children[col]?.textContent ?? 0), 0);
      return sum(1) >= want.sent && sum(2) >= want.delivered;
    },
    min,
    { timeout: 60_000 },
  );
}
