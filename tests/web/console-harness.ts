/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../web/scripts/ensure-build.js';
import type { RunningWorker } from '../../workers/index.js';
import { type Roles, startRoles, stopRoles } from '../fanout/support.js';
import { createContact, createSandboxChannel, type Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { type Browser, launchBrowser, seriousViolations } from './browser.js';

/**
 * What every console end-to-end file shares: the platform served over HTTP with dispatch roles,
 * one headless Chromium for the whole file, and the page check (axe-core in both themes, no
 * horizontal overflow at 375 px, screenshots with CONSOLE_SCREENSHOTS=1).
 */
export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1';
const SHOT_DIR = fileURLToPath(new URL('../../docs/console/', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

export type ConsoleEnv = {
  t: TestContext;
  base: string;
  browser: Browser;
  /** Accessibility, overflow and CSP findings; a test expects it empty at the end. */
  problems: string[];
  close: () => Promise<void>;
};

export async function startConsole(
  roles: Roles = {},
  extra: (t: TestContext) => Promise<RunningWorker[]> = async () => [],
): Promise<ConsoleEnv> {
  await ensureConsoleBuilt(() => {});
  const t = await setupTestApp();
  const workers = [...(await startRoles(t, roles)), ...(await extra(t))];
  const server = createAdaptorServer({ fetch: t.app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  if (SCREENSHOTS) await mkdir(SHOT_DIR, { recursive: true });
  return {
    t,
    base,
    browser,
    problems: [],
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopRoles(workers);
      await t.close();
    },
  };
}

/** A page that records CSP violations and page errors as problems. */
export async function openPage(env: ConsoleEnv): Promise<Page> {
  const page = await env.browser.context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      env.problems.push(`CSP: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => env.problems.push(`page error: ${error.message}`));
  return page;
}

/** Runs a journey; on failure, saves what the browser showed and says where. */
export async function runJourney(env: ConsoleEnv, page: Page, journey: () => Promise<void>): Promise<void> {
  try {
    await journey();
  } catch (error) {
    const shot = path.join(tmpdir(), `turumba-console-failure-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    throw new Error(
      `${(error as Error).message}\nscreenshot: ${shot}\nproblems so far: ${env.problems.join('; ')}`,
    );
  }
}

export async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((value) => {
    localStorage.setItem('turumba-theme', value);
    document.documentElement.classList.toggle('dark', value === 'dark');
  }, theme);
  // Buttons fade their colours: let every transition finish before measuring contrast.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))));
}

/**
 * Scrolls back to the page's top with nothing focused, for a screenshot: filling a form's last
 * fields scrolls the page, and its first fields would sit under the sticky header.
 */
export async function showPageTop(page: Page) {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

/** axe-core in both themes, no horizontal overflow at phone width, and the screenshots when asked. */
export async function checkPage(env: ConsoleEnv, page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    const violations = await seriousViolations(page);
    for (const v of violations) {
      env.problems.push(
        `${name} (${theme}): ${v.id} ${v.help} at ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
      );
    }
  }
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) env.problems.push(`${name}: ${overflow}px wider than a 375px screen`);
  if (SCREENSHOTS) {
    // Toasts of earlier steps would cover the page.
    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click();
    await dismiss.first().waitFor({ state: 'detached' });
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      for (const [device, size] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(size);
        await showPageTop(page);
        await page.screenshot({ path: path.join(SHOT_DIR, `${name}-${theme}-${device}.png`) });
      }
    }
  }
  await setTheme(page, 'light');
  await page.setViewportSize(DESKTOP);
}

/** Signs in through the sign-in page and waits for the first signed-in page. */
export async function signInThroughPage(env: ConsoleEnv, page: Page, email: string, password: string) {
  await page.goto(`${env.base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * An account whose broadcasts to more than 2 recipients wait for approval, with a sandbox channel and
 * three contacts (Member 1–3): what the approval journeys start from.
 */
export async function approvalAccount(t: TestContext, owner: Session) {
  const settings = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    token: owner.token,
    accountId: owner.accountId,
    body: { consent: { approval_threshold: 2 } },
  });
  if (settings.status !== 200) throw new Error(`approval threshold not set: ${settings.text}`);
  const channelId = await createSandboxChannel(t, owner);
  const contactIds: string[] = [];
  for (let i = 1; i <= 3; i++) {
    contactIds.push((await createContact(t, owner, { name: `Member ${i}`, phone: `+25191100000${i}` })).id);
  }
  return { channelId, contactIds };
}
