/**
 * The finance pages in Debian's Chromium against a real server seeded with the demo data set
 * (20 initiatives): the portfolio lists every initiative with the figures the GraphQL `portfolio`
 * gives, its phase filter lives in the URL, a scorecard shows `roiScorecard.guarded.npv`, and a what-if edit
 * changes NPV to what `whatIf` answers. Screenshots land in test-results/e2e/web-portfolio*.png and
 * web-scorecard*.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, repoRoot } from '../support/processes';
import { chromiumArgs, chromiumPath, startDemoServer, type DemoServer } from '../support/demo-server';
import { formatMoney, formatPaybackMonth, formatPercent } from '../../web/src/lib/finance-format';

const screenshotDir = resolve(repoRoot, 'test-results/e2e');

interface PortfolioAnswer {
  portfolio: {
    currency: string;
    entries: {
      rank: number;
      scorecard: {
        initiativeId: string;
        initiativeName: string;
        phase: string;
        currency: string;
        /** The headline figures the pages show (only value the counted costs can buy). */
        guarded: { npv: number; roi: number | null; paybackMonth: number | null };
      };
    }[];
  };
}

describe('finance pages against a seeded server', () => {
  let server: DemoServer;
  let browser: Browser;
  let portfolio: PortfolioAnswer['portfolio'];

  beforeAll(async () => {
    // The finance pages need the 20 initiatives, not many runs: 200 keeps the seed short.
    server = await startDemoServer(200);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    mkdirSync(screenshotDir, { recursive: true });
    const answer = await graphql<PortfolioAnswer>(
      server.url,
      '{ portfolio { currency entries { rank scorecard { initiativeId initiativeName phase currency guarded { npv roi paybackMonth } } } } }',
      {},
      server.viewerToken,
    );
    portfolio = answer.portfolio;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedInPage(token: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.addInitScript((t) => localStorage.setItem('yardstick.token', t), token);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  it('portfolio lists every initiative with the figures of the GraphQL portfolio, a chart and bands', async () => {
    expect(portfolio.entries.length).toBe(20);
    const page = await signedInPage(server.viewerToken);
    await page.goto(`${server.url}/#/portfolio`);
    await page.getByTestId('pf-row').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('pf-row').count()).toBe(portfolio.entries.length);

    // One row (the third by rank, to avoid only checking the top) against the API's numbers.
    const entry = portfolio.entries[2]!;
    const row = page.locator(`[data-testid="pf-row"][data-id="${entry.scorecard.initiativeId}"]`);
    expect(await row.getByTestId('pf-name').textContent()).toBe(entry.scorecard.initiativeName);
    expect(await row.getByTestId('pf-npv').textContent()).toBe(
      formatMoney(entry.scorecard.guarded.npv, entry.scorecard.currency),
    );
    expect(await row.getByTestId('pf-roi').textContent()).toBe(formatPercent(entry.scorecard.guarded.roi));
    expect(await row.getByTestId('pf-payback').textContent()).toBe(
      formatPaybackMonth(entry.scorecard.guarded.paybackMonth),
    );

    // The Monte Carlo bands arrive second; the chart then carries NPV bars and band bars.
    await expect.poll(() => row.getByTestId('pf-band').textContent(), { timeout: 60_000 }).toMatch(/ – /);
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('[data-testid="pf-chart"]')?.getAttribute('data-points')) === 2 * n,
      portfolio.entries.length,
      { timeout: 30_000 },
    );
    await shot(page, 'web-portfolio');

    // Sorting by ROI puts the highest ROI first.
    await page.getByTestId('pf-sort-roi').click();
    expect(page.url()).toContain('sort=roi');
    const bestRoi = Math.max(...portfolio.entries.map((e) => e.scorecard.guarded.roi ?? -Infinity));
    await expect.poll(() => page.getByTestId('pf-roi').first().textContent()).toBe(formatPercent(bestRoi));

    // The phase filter lives in the URL and leaves only that phase's initiatives.
    const phase = portfolio.entries[0]!.scorecard.phase;
    const inPhase = portfolio.entries.filter((e) => e.scorecard.phase === phase).length;
    expect(inPhase).toBeLessThan(portfolio.entries.length);
    await page.getByTestId('pf-phase').selectOption(phase);
    expect(page.url()).toContain(`phase=${phase}`);
    await expect.poll(() => page.getByTestId('pf-row').count()).toBe(inPhase);
    await shot(page, 'web-portfolio-filtered');
    await page.close();
  });

  it('a scorecard shows the guarded NPV, its charts, and a what-if edit changes it to whatIf’s', async () => {
    const id = portfolio.entries[0]!.scorecard.initiativeId;
    const { roiScorecard, whatIf } = await graphql<{
      roiScorecard: { guarded: { npv: number }; currency: string };
      whatIf: { guarded: { npv: number } };
    }>(
      server.url,
      'query($id: ID!) { roiScorecard(initiativeId: $id) { currency guarded { npv } } whatIf(initiativeId: $id, overrides: { discountRatePerYear: 0.3 }) { guarded { npv } } }',
      { id },
      server.viewerToken,
    );
    expect(whatIf.guarded.npv).not.toBeCloseTo(roiScorecard.guarded.npv, 0);

    const page = await signedInPage(server.viewerToken);
    await page.goto(`${server.url}/#/portfolio`);
    await page.getByTestId('pf-name').first().click();
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`#/initiatives/${id}`);
    expect(await page.getByTestId('sc-npv').textContent()).toBe(
      formatMoney(roiScorecard.guarded.npv, roiScorecard.currency),
    );
    for (const chart of ['sc-cashflow', 'sc-tornado', 'sc-value', 'sc-cost']) {
      await page.waitForFunction(
        (t) => Number(document.querySelector(`[data-testid="${t}"]`)?.getAttribute('data-points')) > 0,
        chart,
      );
    }
    expect(await page.getByTestId('sc-assumption-row').count()).toBeGreaterThan(2);
    // A viewer may not read the audit log: the page says so instead of failing.
    await page.getByTestId('sc-audit-note').waitFor();
    await expect.poll(() => page.getByTestId('sc-band').textContent(), { timeout: 30_000 }).toMatch(/ – /);
    await shot(page, 'web-scorecard');

    await page.getByTestId('wi-discount').fill('30');
    await page.getByTestId('sc-what-if-active').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('sc-npv').textContent(), { timeout: 30_000 })
      .toBe(formatMoney(whatIf.guarded.npv, roiScorecard.currency));
    await shot(page, 'web-scorecard-what-if');
    // What a viewer cannot change is not offered: the what-if explores, but there is no Save.
    expect(await page.getByTestId('wi-save').count()).toBe(0);
    await page.close();
  });

  it('labels assumptions with units and refuses a 180 % adoption ceiling in the field itself', async () => {
    const id = portfolio.entries[0]!.scorecard.initiativeId;
    const page = await signedInPage(server.viewerToken);
    await page.goto(`${server.url}/#/initiatives/${id}`);
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    const table = (await page.getByTestId('sc-assumptions').textContent()) ?? '';
    expect(table).toMatch(/Loaded labour cost/);
    expect(table).toMatch(/\$\d+ \/ hour/);
    expect(table).toMatch(/Share of saved time put to valuable work/);
    expect(table).not.toMatch(/recaptureFraction|loadedRatePerHour/);
    await page.getByTestId('wi-adoption').fill('180');
    await page.getByTestId('wi-adoption-error').waitFor();
    expect(await page.getByTestId('wi-adoption-error').textContent()).toBe(
      'Adoption ceiling must be between 0 and 100 % (you typed 180).',
    );
    // Nothing was sent: no what-if figures, and no server error path with an id.
    expect(await page.getByTestId('sc-what-if-active').count()).toBe(0);
    expect(await page.locator('.what-if [role="alert"]').allTextContents()).not.toContainEqual(
      expect.stringMatching(/valueStreams\[/),
    );
    await page.getByTestId('wi-adoption').fill('60');
    await page.getByTestId('sc-what-if-active').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('wi-adoption-error').count()).toBe(0);
    await page.close();
  });

  it('shows the phase guard beside every portfolio figure and on a flagged scorecard', async () => {
    const flagged = await graphql<{ portfolio: { flaggedInitiativeIds: string[] } }>(
      server.url,
      '{ portfolio { flaggedInitiativeIds } }',
      {},
      server.viewerToken,
    );
    expect(flagged.portfolio.flaggedInitiativeIds.length).toBeGreaterThan(0);
    const id = flagged.portfolio.flaggedInitiativeIds[0]!;
    const page = await signedInPage(server.viewerToken);
    await page.goto(`${server.url}/#/portfolio`);
    const row = page.locator(`[data-testid="pf-row"][data-id="${id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('pf-guard').textContent()).toMatch(/not like for like/);
    await page.goto(`${server.url}/#/initiatives/${id}`);
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sc-guard-state').textContent()).toBe('⚠ flagged');
    expect(await page.getByTestId('sc-guard-finding').first().textContent()).toMatch(/security-compliance/);
    expect(await page.getByTestId('sc-as-entered').textContent()).toMatch(/As entered \(not like for like\)/);
    await shot(page, 'web-scorecard-flagged');
    await page.close();
  });

  it('draws the per-month P10–P90 band on the cash-flow chart', async () => {
    const id = portfolio.entries[0]!.scorecard.initiativeId;
    const { roiScorecard } = await graphql<{
      roiScorecard: {
        horizonMonths: number;
        monteCarlo: { cumulativeNetByMonth: { p10: number; p50: number; p90: number }[] };
      };
    }>(
      server.url,
      'query($id: ID!) { roiScorecard(initiativeId: $id) { horizonMonths monteCarlo(iterations: 10000, seed: 1) { cumulativeNetByMonth { p10 p50 p90 } } } }',
      { id },
      server.viewerToken,
    );
    const band = roiScorecard.monteCarlo.cumulativeNetByMonth;
    expect(band).toHaveLength(roiScorecard.horizonMonths);
    expect(band.some((m) => m.p90 > m.p10)).toBe(true);
    const page = await signedInPage(server.viewerToken, 1024);
    await page.goto(`${server.url}/#/initiatives/${id}`);
    // Two lines (undiscounted, discounted) plus the band's P10 and P90 lines, one point per month each.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="sc-cashflow"]')?.getAttribute('data-points')) === n,
      4 * roiScorecard.horizonMonths,
      { timeout: 30_000 },
    );
    await shot(page, 'web-scorecard-band-1024');
    await page.close();
  });

  it('shows the P10–P90 figures whole at laptop and tablet widths', async () => {
    /**
     * True when no element with the test id clips its text (content wider than its box) or lies
     * beyond the right edge of its scrolling table (hidden until one scrolls sideways).
     */
    const unclipped = (page: Page, testid: string) =>
      page.evaluate(
        (t) =>
          Array.from(document.querySelectorAll(`[data-testid="${t}"]`)).every((el) => {
            const wrap = el.closest('.table-wrap');
            const inside =
              !wrap || el.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1;
            return inside && el.scrollWidth <= el.clientWidth + 1;
          }),
        testid,
      );
    const id = portfolio.entries[0]!.scorecard.initiativeId;
    for (const width of [1024, 768]) {
      const page = await signedInPage(server.viewerToken, width);
      await page.goto(`${server.url}/#/initiatives/${id}`);
      await expect.poll(() => page.getByTestId('sc-band').textContent(), { timeout: 30_000 }).toMatch(/ – /);
      expect(await unclipped(page, 'sc-band'), `scorecard at ${width}px`).toBe(true);
      await page.goto(`${server.url}/#/portfolio`);
      await expect
        .poll(() => page.getByTestId('pf-band').first().textContent(), { timeout: 60_000 })
        .toMatch(/ – /);
      expect(await unclipped(page, 'pf-band'), `portfolio at ${width}px`).toBe(true);
      await shot(page, `web-portfolio-${width}`);
      await page.close();
    }
  });

  it('an analyst saves a what-if: the new NPV survives a reload and the analyst is the last to change it', async () => {
    const id = portfolio.entries[2]!.scorecard.initiativeId;
    const { createToken } = await graphql<{ createToken: { token: string } }>(
      server.url,
      'mutation($input: CreateTokenInput!) { createToken(input: $input) { token } }',
      { input: { role: 'ANALYST', name: 'e2e analyst' } },
      server.adminToken,
    );
    const expected = await graphql<{
      roiScorecard: { guarded: { npv: number }; currency: string };
      whatIf: { guarded: { npv: number } };
    }>(
      server.url,
      'query($id: ID!) { roiScorecard(initiativeId: $id) { currency guarded { npv } } whatIf(initiativeId: $id, overrides: { discountRatePerYear: 0.25 }) { guarded { npv } } }',
      { id },
      server.viewerToken,
    );
    expect(expected.whatIf.guarded.npv).not.toBeCloseTo(expected.roiScorecard.guarded.npv, 0);
    const npvText = formatMoney(expected.whatIf.guarded.npv, expected.roiScorecard.currency);

    const page = await signedInPage(createToken.token);
    await page.goto(`${server.url}/#/initiatives/${id}`);
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    await page.getByTestId('wi-discount').fill('25');
    await expect.poll(() => page.getByTestId('sc-npv').textContent(), { timeout: 30_000 }).toBe(npvText);
    await page.getByTestId('wi-save').click();
    await page.getByTestId('wi-saved').waitFor({ timeout: 30_000 });
    await shot(page, 'web-scorecard-saved');

    // Stored: the API's scorecard now has the what-if's NPV, and a fresh load shows it without a what-if.
    const after = await graphql<{ roiScorecard: { guarded: { npv: number } } }>(
      server.url,
      'query($id: ID!) { roiScorecard(initiativeId: $id) { guarded { npv } } }',
      { id },
      server.viewerToken,
    );
    expect(after.roiScorecard.guarded.npv).toBeCloseTo(expected.whatIf.guarded.npv, 6);
    await page.reload();
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sc-npv').textContent()).toBe(npvText);
    expect(await page.getByTestId('sc-what-if-active').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('sc-changed').first().textContent(), { timeout: 30_000 })
      .toMatch(/e2e analyst.*\(ANALYST\)/);
    await page.close();
  });

  it('an admin sees who last changed the assumptions', async () => {
    const id = portfolio.entries[1]!.scorecard.initiativeId;
    await graphql(
      server.url,
      'mutation($id: ID!) { updateInitiative(input: { id: $id, discountRatePerYear: 0.11 }) { id } }',
      { id },
      server.adminToken,
    );
    const page = await signedInPage(server.adminToken);
    await page.goto(`${server.url}/#/initiatives/${id}`);
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('sc-changed').textContent(), { timeout: 30_000 })
      .toMatch(/\(ADMIN\)/);
    expect(await page.getByTestId('sc-audit-note').count()).toBe(0);
    await page.close();
  });
});
