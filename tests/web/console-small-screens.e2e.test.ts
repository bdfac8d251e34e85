/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addMember, type Session, signUp } from '../helpers/factories.js';
import {
  approvalAccount,
  type ConsoleEnv,
  openPage,
  runJourney,
  SCREENSHOTS,
  showPageTop,
  signInThroughPage,
  startConsole,
} from './console-harness.js';

/**
 * What the screenshots showed wrong: broadcasts not fanned out yet (waiting for approval, draft,
 * scheduled) read "0 of 0" recipients instead of the audience they expect; on a phone the
 * broadcasts table scrolled sideways and a long account name ran over the logo; a form filled to
 * its end was captured scrolled under the sticky header. No dispatch role runs: nothing fans out.
 * With CONSOLE_SCREENSHOTS=1 the phone views are also saved to the temp directory.
 */

const LONG_NAME = 'Addis Ababa Regional Health Bureau Community Outreach';
const PHONE = { width: 390, height: 844 };

let env: ConsoleEnv;
let owner: Session;
let member: Session;
const ids: Record<'approval' | 'draft' | 'scheduled' | 'cancelled', string> = {
  approval: '',
  draft: '',
  scheduled: '',
  cancelled: '',
};

beforeAll(async () => {
  env = await startConsole();
  const t = env.t;
  owner = await signUp(t, { accountName: LONG_NAME });
  // An admin of the long-named account who also has an account of their own: the switcher shows.
  member = await addMember(t, owner, 'admin');
  const as = (body?: object) => ({ token: owner.token, accountId: owner.accountId, body });
  const { channelId, contactIds } = await approvalAccount(t, owner);
  const create = async (body: object) => {
    const res = await t.request('POST', '/v1/group-messages', as({ channel_id: channelId, ...body }));
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; status: string };
  };
  const approval = await create({
    name: 'Price change',
    message_body: 'Hi',
    contact_ids: contactIds,
    status: 'queued',
  });
  expect(approval.status).toBe('pending_approval');
  ids.approval = approval.id;
  ids.draft = (
    await create({ name: 'Draft notice', message_body: 'Hi', contact_ids: contactIds.slice(0, 2) })
  ).id;
  const scheduled = await create({
    name: 'Tomorrow reminder',
    message_body: 'Hi',
    contact_ids: contactIds.slice(0, 2),
    status: 'queued',
    scheduled_at: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(scheduled.status).toBe('queued');
  ids.scheduled = scheduled.id;
  const dropped = await create({
    name: 'Dropped offer',
    message_body: 'Hi',
    contact_ids: contactIds.slice(0, 2),
    status: 'queued',
    scheduled_at: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const cancel = await t.request('POST', `/v1/group-messages/${dropped.id}/cancel`, as({}));
  expect(cancel.status, cancel.text).toBe(200);
  ids.cancelled = dropped.id;
}, 180_000);

afterAll(async () => {
  await env?.close();
});

async function shoot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(tmpdir(), `turumba-${name}.png`) });
}

async function switchToLongAccount(page: Page) {
  await signInThroughPage(env, page, member.email, member.password);
  await page.getByRole('button', { name: /Switch account/ }).click();
  await page.getByRole('menuitemradio', { name: /Addis Ababa/ }).click();
  await page.getByRole('button', { name: `Account: ${LONG_NAME}. Switch account` }).waitFor();
}

it('shows a long form from its top for a screenshot after filling its last fields', async () => {
  const page = await openPage(env);
  await runJourney(env, page, async () => {
    await switchToLongAccount(page);
    await page.goto(`${env.base}/schedules/new`);
    await page.getByLabel('Name (optional)').fill('Monday briefing');
    await page.getByLabel('Repeat').selectOption('weekly');
    await page.getByLabel('Monday').focus();
    await page.getByLabel('Monday').scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await showPageTop(page);
    // On a phone, with its next runs listed, the form keeps the page's margins: as far from the
    // right edge as from the left (the runs' table once widened the form's column past the screen).
    const narrow = { width: 375, height: 812 };
    await page.setViewportSize(narrow);
    await page.getByLabel('Message', { exact: true }).fill('Good morning {NAME}');
    await page
      .getByLabel('First run (date)')
      .fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('Time', { exact: true }).fill('09:00');
    await page.getByLabel('Timezone').selectOption('Africa/Addis_Ababa');
    await page.getByTestId('occurrences').getByRole('row').nth(4).waitFor();
    await showPageTop(page);
    const name = await page.getByLabel('Name (optional)').boundingBox();
    expect(name).toBeTruthy();
    if (name) expect(Math.round(narrow.width - (name.x + name.width))).toBe(Math.round(name.x));
    const header = await page.getByRole('banner').boundingBox();
    const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect(header && heading).toBeTruthy();
    if (header && heading) expect(heading.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await shoot(page, 'schedule-new');
  });
  expect(env.problems).toEqual([]);
}, 120_000);

it('shows the audience a broadcast expects before fan-out, never "0 of 0"', async () => {
  const page = await openPage(env);
  await runJourney(env, page, async () => {
    await switchToLongAccount(page);
    const expectCounts = async (id: string, expected: string) => {
      await page.goto(`${env.base}/broadcasts/${id}`);
      await page.getByTestId('count-total').getByText(expected).waitFor();
      await page.getByTestId('progress-text').getByText(`Not started · ${expected}`).waitFor();
      expect(await page.getByTestId('progress-text').textContent()).not.toMatch(/0 of 0/);
    };
    await expectCounts(ids.approval, '3 recipients expected');
    await page.getByText('It has 3 recipients').waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('It is sent to 3 recipients right away.').waitFor();
    await page.getByRole('button', { name: 'Not now' }).click();
    await shoot(page, 'broadcast-pending-approval');
    await expectCounts(ids.draft, '2 recipients expected');
    await expectCounts(ids.scheduled, '2 recipients expected');
    // Cancelled before its fan-out: it says so, not "100% · 0 of 0".
    await page.goto(`${env.base}/broadcasts/${ids.cancelled}`);
    await page
      .getByTestId('progress-text')
      .getByText('Cancelled before sending · no messages sent')
      .waitFor();
    await page.getByTestId('count-total').getByText('None: cancelled before sending').waitFor();
    await page.getByText('The broadcast was cancelled before it was sent.').waitFor();
    await shoot(page, 'broadcast-cancelled-before-sending');

    // The list says the same, for the one whose approval counted it.
    await page.goto(`${env.base}/broadcasts`);
    const row = page.getByRole('row').filter({ hasText: 'Price change' });
    await row.getByText('Not started · 3 recipients expected').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'Draft notice' })
      .getByText('Not started · recipients not counted yet')
      .waitFor();
  });
  expect(env.problems).toEqual([]);
}, 120_000);

it('cuts a long account name short in the phone header, beside the logo, full name on hover', async () => {
  const page = await openPage(env);
  await runJourney(env, page, async () => {
    await page.setViewportSize(PHONE);
    await switchToLongAccount(page);
    // The account switcher ends in an ellipsis beside the logo, and says the full name on hover.
    const switcher = page.getByRole('button', { name: `Account: ${LONG_NAME}. Switch account` });
    const logo = page.getByRole('banner').getByRole('link', { name: 'Turumba' });
    const a = await switcher.boundingBox();
    // The logo's drawn extent: a squeezed link keeps a narrow box while its text spills out of it.
    const b = await logo.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    expect(a).toBeTruthy();
    if (a) {
      const apart =
        a.x >= b.x + b.width || b.x >= a.x + a.width || a.y >= b.y + b.height || b.y >= a.y + a.height;
      expect(apart, `switcher ${JSON.stringify(a)} over the logo ${JSON.stringify(b)}`).toBe(true);
      expect(a.x + a.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await switcher.getAttribute('title')).toBe(LONG_NAME);
    const cut = await switcher
      .locator('span')
      .first()
      .evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(cut).toBe(true);
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(
      PHONE.width,
    );
  });
  expect(env.problems).toEqual([]);
}, 120_000);

it('fits the broadcasts list on a phone: status under the name, no sideways scroll', async () => {
  const page = await openPage(env);
  await runJourney(env, page, async () => {
    await page.setViewportSize(PHONE);
    await switchToLongAccount(page);
    await page.goto(`${env.base}/broadcasts`);
    await page.getByRole('row').filter({ hasText: 'Price change' }).waitFor();
    await page.waitForLoadState('networkidle');

    // Neither the table nor the page scrolls sideways.
    const widths = await page.evaluate(() => {
      const table = document.querySelector('table')?.parentElement;
      return {
        page: document.scrollingElement?.scrollWidth ?? 0,
        viewport: window.innerWidth,
        table: table ? table.scrollWidth - table.clientWidth : -1,
      };
    });
    expect(widths.table).toBe(0);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // The status still shows on every row, under the name.
    for (const [name, status] of [
      ['Price change', 'pending approval'],
      ['Draft notice', 'draft'],
      ['Tomorrow reminder', 'queued'],
    ] as const) {
      const badge = page.getByRole('row').filter({ hasText: name }).getByText(status, { exact: true });
      expect(await badge.filter({ visible: true }).count(), name).toBe(1);
    }

    await shoot(page, 'broadcasts-phone');

    // While the list loads, its placeholder rows have the cells of the visible columns only.
    await page.route('**/v1/group-messages**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.continue().catch(() => {});
    });
    await page.reload();
    const placeholder = page.locator('tbody tr').first();
    await placeholder.waitFor();
    const visibleCells = async (cells: ReturnType<Page['locator']>) => {
      const boxes = await cells.evaluateAll((els) => els.map((el) => (el as HTMLElement).offsetWidth > 0));
      return boxes.filter(Boolean).length;
    };
    expect(await visibleCells(placeholder.locator('td'))).toBe(await visibleCells(page.locator('thead th')));
    await page.unroute('**/v1/group-messages**');
  });
  expect(env.problems).toEqual([]);
}, 120_000);
