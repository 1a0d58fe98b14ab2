import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Application } from '@pith/core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';
import { serviceMissing } from '../support/services';

const CHROMIUM = '/usr/bin/chromium';
const describeBrowser =
  existsSync(CHROMIUM) ||
  serviceMissing(
    'the browser end-to-end test',
    `${CHROMIUM} is missing (apt-get install -y chromium)`,
  )
    ? describe
    : describe.skip;

/** A datetime-local value `days` from now (UTC wall clock, the form's default zone). */
function futureLocal(days: number): string {
  const d = new Date(Date.now() + days * 24 * 3600_000);
  return `${d.toISOString().slice(0, 10)}T10:30`;
}

describeBrowser('sample app in headless Chromium', () => {
  // Each test drives a real browser through many pages; under the full suite's load on two cores
  // that can pass jest's 20 s default. Playwright's own 30 s per navigation still catches hangs.
  jest.setTimeout(120_000);

  const dbFile = path.join(os.tmpdir(), `pith-sample-browser-${process.pid}.sqlite`);
  let app: Application;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ app } = await startSampleApp(`sqlite:${dbFile}`));
    const address = await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dbFile, { force: true });
  });

  async function submit(page: Page, button: string): Promise<void> {
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: button }).click(),
    ]);
  }

  it('signs in, validates, creates, edits, deletes and signs out for good', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${base}/appointments`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await submit(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe('/appointments');
    await expect(page.getByText('No upcoming appointments.').isVisible()).resolves.toBe(true);

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'New appointment' }).first().click(),
    ]);
    await page.getByLabel('Name').fill('');
    await page.getByLabel('Phone number').fill('12');
    await page.getByLabel('Time', { exact: true }).fill('2001-01-01T10:00');
    await submit(page, 'Create appointment');
    await expect(page.locator('#name-error').textContent()).resolves.toBe('Name is required.');
    await expect(page.locator('#phoneNumber-error').textContent()).resolves.toMatch(/Phone number/);
    await expect(page.locator('#time-error').textContent()).resolves.toBe(
      'You cannot schedule an appointment for the past.',
    );
    await expect(page.getByLabel('Phone number').inputValue()).resolves.toBe('12');
    await expect(page.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Phone number').fill('+1 555 0199');
    await page.getByLabel('Time', { exact: true }).fill(futureLocal(3));
    await page.getByLabel('Time zone').selectOption('Europe/Paris');
    await page.getByLabel('Reminder').selectOption('60');
    await submit(page, 'Create appointment');
    await expect(page.getByText('Appointment successfully created.').isVisible()).resolves.toBe(
      true,
    );
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Back to appointments' }).click(),
    ]);
    const row = page.getByRole('row', { name: /Grace Hopper/ });
    await expect(row.isVisible()).resolves.toBe(true);
    await expect(row.textContent()).resolves.toContain('Europe/Paris');

    await Promise.all([
      page.waitForNavigation(),
      row.getByRole('link', { name: 'Edit Grace Hopper' }).click(),
    ]);
    await page.getByLabel('Name').fill('Grace B. Hopper');
    await submit(page, 'Save changes');
    await expect(page.getByText('Appointment successfully updated.').isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByRole('heading', { name: 'Grace B. Hopper' }).isVisible()).resolves.toBe(
      true,
    );

    await submit(page, 'Delete');
    expect(new URL(page.url()).pathname).toBe('/appointments');
    await expect(page.getByText('Appointment deleted.').isVisible()).resolves.toBe(true);
    await expect(page.getByText('No upcoming appointments.').isVisible()).resolves.toBe(true);

    const signedInCookies = await context.cookies();
    expect(signedInCookies.length).toBeGreaterThan(0);
    await submit(page, 'Sign out');
    expect(new URL(page.url()).pathname).toBe('/login');

    const replay = await browser.newContext();
    await replay.addCookies(signedInCookies);
    const stale = await replay.newPage();
    await stale.goto(`${base}/appointments`);
    expect(new URL(stale.url()).pathname).toBe('/login');
    await replay.close();
    await context.close();
  }, 60_000);

  it('opens / as a page (not a 401), and long unbroken names wrap inside the table', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const home = await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?next=%2F');
    expect(home?.status()).toBe(200);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await submit(page, 'Sign in');
    // next=/ is followed, and / sends a signed-in browser on to the list.
    expect(new URL(page.url()).pathname).toBe('/appointments');

    await page.goto(`${base}/appointments/new`);
    await page.getByLabel('Name').fill('W'.repeat(150));
    await page.getByLabel('Phone number').fill('+1 555 0123');
    await page.getByLabel('Time', { exact: true }).fill(futureLocal(2));
    await submit(page, 'Create appointment');
    await page.goto(`${base}/appointments`);
    const table = (await page.locator('table').boundingBox())!;
    const main = (await page.locator('main').boundingBox())!;
    expect(table.x + table.width).toBeLessThanOrEqual(main.x + main.width);
    const sideways = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(sideways).toBe(0);
    await context.close();
  }, 60_000);

  it('pages load without console errors, CSP violations or a request for a missing icon', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const requested: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    // A string: these tests typecheck without the DOM lib.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective))",
    );
    await page.goto(`${base}/login`, { waitUntil: 'networkidle' });
    // The first Tab stop is the skip link, and it shows itself when focused.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    const box = (await skip.boundingBox())!;
    expect(box.width).toBeGreaterThan(20);
    expect(box.height).toBeGreaterThan(10);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await submit(page, 'Sign in');
    for (const url of ['/appointments', '/appointments/new'])
      await page.goto(`${base}${url}`, { waitUntil: 'networkidle' });
    expect(problems).toEqual([]);
    expect(requested).toEqual([
      '/login',
      '/login',
      '/appointments',
      '/appointments',
      '/appointments/new',
    ]);
    await context.close();
  }, 60_000);

  it('at 1280 and 390 px wide the list keeps actions and zones whole and the page never scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await submit(page, 'Sign in');
    await page.goto(`${base}/appointments/new`);
    await page.getByLabel('Name').fill(`Narrow ${'N'.repeat(143)}`);
    await page.getByLabel('Phone number').fill('+91 (555) 010-0199');
    await page.getByLabel('Time', { exact: true }).fill(futureLocal(4));
    await page.getByLabel('Time zone').selectOption('America/North_Dakota/New_Salem');
    await submit(page, 'Create appointment');

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/appointments`);
      if (process.env.PITH_SCREENSHOTS)
        await page.screenshot({
          path: `${process.env.PITH_SCREENSHOTS}/list-${width}.png`,
          fullPage: true,
        });
      const sideways = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect([width, sideways]).toEqual([width, 0]);
      const row = page.getByRole('row', { name: /Narrow N+/ });
      // The row actions stay on one line each.
      for (const locator of [
        row.getByRole('link', { name: /^Edit Narrow/ }),
        row.getByRole('button', { name: /^Delete Narrow/ }),
      ]) {
        // The distinct line tops of the element's text: 1 when it stays on one line.
        const lines = await locator.evaluate((el) => {
          const range = el.ownerDocument.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect([width, await locator.textContent(), lines]).toEqual([width, expect.anything(), 1]);
      }
      // A zone breaks only after a slash: each segment stays on one line.
      const zone = row.getByRole('cell', { name: 'America/North_Dakota/New_Salem', exact: true });
      const segmentLines = await zone.evaluate((el) =>
        [...el.childNodes]
          .filter((n) => n.nodeType === 3 && n.textContent!.trim())
          .map((n) => {
            const range = el.ownerDocument.createRange();
            range.selectNodeContents(n);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          }),
      );
      expect([width, segmentLines]).toEqual([width, [1, 1, 1]]);
      // The header wraps instead of cutting "Sign out" off.
      const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!;
      expect(signOut.x + signOut.width).toBeLessThanOrEqual(width);
    }
    await context.close();
  }, 60_000);

  it('the development error page shows no stack for a 404 and wraps its detail inside the card at 390 px', async () => {
    const devDb = path.join(os.tmpdir(), `pith-sample-browser-dev-${process.pid}.sqlite`);
    const { app: dev } = await startSampleApp(`sqlite:${devDb}`, { NODE_ENV: 'development' });
    try {
      const address = await dev.listen(0, '127.0.0.1');
      const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
      const page = await context.newPage();
      const res = await page.goto(
        `http://127.0.0.1:${address.port}/no-such-page-${'x'.repeat(80)}`,
      );
      expect(res?.status()).toBe(404);
      if (process.env.PITH_SCREENSHOTS)
        await page.screenshot({
          path: `${process.env.PITH_SCREENSHOTS}/dev-404-390.png`,
          fullPage: true,
        });
      // A client error's detail says what was wrong; a stack would only show file paths.
      await expect(page.locator('pre').count()).resolves.toBe(0);
      const detail = page.locator('.card > p', { hasText: 'No route for GET' });
      const card = (await page.locator('.card').first().boundingBox())!;
      const box = (await detail.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
      const sideways = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(sideways).toBe(0);
      await context.close();
    } finally {
      await dev.close();
      rmSync(devDb, { force: true });
    }
  }, 60_000);
});
