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
});
