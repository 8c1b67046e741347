/**
 * The web UI's pages in Debian's Chromium against a real server seeded with the demo data set
 * (1,000 runs over 6 priced hardware profiles, several models and quantization levels; 20 initiatives):
 * each page renders its data, the leaderboard's vendor filter changes the chart, a viewer is not offered
 * an edit that an admin is. Screenshots of every page land in test-results/e2e/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/processes';
import { chromiumArgs, chromiumPath, startDemoServer, type DemoServer } from '../support/demo-server';

const screenshotDir = resolve(repoRoot, 'test-results/e2e');

describe('web pages against a seeded server', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer(1000);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    mkdirSync(screenshotDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page signed in with `token` (stored where the UI keeps it). */
  async function signedInPage(token: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.addInitScript((t) => localStorage.setItem('yardstick.token', t), token);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  it('leaderboard plots the seeded profiles and its vendor filter changes the chart and the URL', async () => {
    const page = await signedInPage(server.viewerToken);
    await page.goto(`${server.url}/#/leaderboard`);
    const chart = page.getByTestId('lb-chart');
    await chart.waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="lb-chart"]')?.getAttribute('data-points')) > 0,
    );
    const allPoints = Number(await chart.getAttribute('data-points'));
    const allRows = await page.getByTestId('lb-row').count();
    expect(allRows).toBeGreaterThan(3);
    // The best operating point links to the one run it came from.
    const best = page.getByTestId('lb-best').locator('a').first();
    expect(await best.getAttribute('href')).toMatch(/^#\/runs\/[^/?]+$/);
    expect(Number((await best.textContent())!.replace(/[^0-9.]/g, ''))).toBeGreaterThan(0);
    await shot(page, 'web-leaderboard');

    const vendors = await page.getByTestId('lb-vendor').locator('option').allTextContents();
    expect(vendors.length).toBeGreaterThan(2); // "All vendors" + at least two vendors
    const vendor = vendors[1]!;
    await page.getByTestId('lb-vendor').selectOption(vendor);
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="lb-chart"]')?.getAttribute('data-points')) !== n,
      allPoints,
    );
    expect(page.url()).toContain(`vendor=${encodeURIComponent(vendor)}`);
    const filteredPoints = Number(await chart.getAttribute('data-points'));
    expect(filteredPoints).toBeGreaterThan(0);
    expect(filteredPoints).toBeLessThan(allPoints);
    expect(await page.getByTestId('lb-row').count()).toBeLessThan(allRows);
    await shot(page, 'web-leaderboard-filtered');

    // Every latency opens the runs it came from: the runs page filtered to that group.
    const firstRow = page.getByTestId('lb-row').first();
    const href = (await firstRow.locator('a').first().getAttribute('href'))!;
    expect(href).toMatch(/^#\/\?.*model=.*quantization=.*scenario=.*hardware=/);
    await firstRow.locator('a').first().click();
    await page.getByTestId('run-row').first().waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('runs page selects two runs and compares them with deltas and overlaid distributions', async () => {
    const page = await signedInPage(server.viewerToken);
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('run-row').first().waitFor({ timeout: 30_000 });
    const selects = page.getByTestId('run-select');
    await selects.nth(0).check();
    await selects.nth(1).check();
    await page.getByTestId('compare-button').click();
    await page.getByTestId('compare-table').waitFor({ timeout: 30_000 });
    expect(page.url()).toMatch(/#\/compare\?ids=[^,]+,[^,]+$/);
    expect(await page.getByTestId('compare-run').count()).toBe(2);
    expect(await page.getByTestId('compare-metric').count()).toBeGreaterThan(3);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="compare-cdf"]')?.getAttribute('data-points')) >= 30,
    );
    await shot(page, 'web-compare');
    await page.close();
  });

  it('run page shows CDF and time series; a viewer is not offered the profile link, an admin is', async () => {
    const viewer = await signedInPage(server.viewerToken);
    await viewer.goto(`${server.url}/#/`);
    const firstLink = viewer.getByTestId('run-link').first();
    await firstLink.waitFor({ timeout: 30_000 });
    const runHref = (await firstLink.getAttribute('href'))!;
    await viewer.goto(`${server.url}/${runHref}`);
    await viewer.waitForFunction(
      () => Number(document.querySelector('[data-testid="run-cdf"]')?.getAttribute('data-points')) >= 15,
    );
    await viewer.waitForFunction(
      () => Number(document.querySelector('[data-testid="run-timeseries"]')?.getAttribute('data-points')) > 0,
    );
    await expect.poll(() => viewer.getByTestId('session-badge').textContent()).toContain('VIEWER');
    await viewer.getByTestId('run-profile').waitFor();
    expect(await viewer.getByTestId('run-profile').textContent()).toMatch(/Costed on:\s*\S/);
    expect(await viewer.getByTestId('link-profile-form').count()).toBe(0);
    await shot(viewer, 'web-run-viewer');
    await viewer.close();

    const admin = await signedInPage(server.adminToken);
    await admin.goto(`${server.url}/${runHref}`);
    await admin.getByTestId('link-profile-form').waitFor({ timeout: 30_000 });
    expect(await admin.getByTestId('session-badge').textContent()).toContain('ADMIN');
    await admin.close();
  });

  it('fleet lists the agents with their hardware and opens one agent’s runs; tablet width', async () => {
    const page = await signedInPage(server.viewerToken, 820);
    await page.goto(`${server.url}/#/fleet`);
    const row = page.getByTestId('fleet-row').first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).not.toContain('no runs yet');
    await row.locator('a').first().click();
    await page.getByTestId('fleet-agent-runs').getByTestId('run-row').first().waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('#/fleet?agent=');
    await shot(page, 'web-fleet-tablet');

    await page.goto(`${server.url}/#/sign-in`);
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('VIEWER');
    await shot(page, 'web-sign-in');
    await page.close();
  });
});
