/**
 * Web UI budgets (issue 7), against a real server seeded with the demo data set (1,000 runs):
 *  1. initial JavaScript ≤ 150 KB gzip: the scripts index.html loads before any lazy chunk
 *     (web/dist must be built: `npm run build -w @yardstick/web`);
 *  2. each page usable ≤ 1.5 s after navigation in headless Chromium: time from `page.goto` until the
 *     page's data-bearing element is visible, median of 3 loads, printed as a ratio to the load of an
 *     empty static page served by the same server in the same run (the baseline).
 * Prints GOAL MET / GOAL MISSED lines; exits non-zero only when the benchmark itself breaks.
 *
 *   npm run bench -- web-budgets
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { repoRoot } from '../support/processes';
import { chromiumArgs, chromiumPath, startDemoServer } from '../support/demo-server';

const JS_BUDGET_BYTES = 150 * 1024;
const USABLE_BUDGET_MS = 1500;
const LOADS = 3;

function initialJsGzipBytes(): { bytes: number; files: string[] } {
  const dist = resolve(repoRoot, 'web/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  if (files.length === 0) throw new Error(`no script found in ${dist}/index.html; build the UI first`);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0);
  return { bytes, files };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const js = initialJsGzipBytes();
const lazyChunks =
  readdirSync(resolve(repoRoot, 'web/dist/assets')).filter((f) => f.endsWith('.js')).length - js.files.length;
console.log(
  `initial JavaScript: ${(js.bytes / 1024).toFixed(1)} KB gzip in ${js.files.join(', ')} (+${lazyChunks} lazy chunk(s))`,
);
console.log(
  `  ${js.bytes <= JS_BUDGET_BYTES ? 'GOAL MET' : 'GOAL MISSED'}: ≤ 150 KB gzip (ratio ${(js.bytes / JS_BUDGET_BYTES).toFixed(2)} of budget)`,
);

console.log('seeding 1,000 demo runs and starting the server…');
const server = await startDemoServer(1000);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript((t) => localStorage.setItem('yardstick.token', t), server.viewerToken);
  const firstRun = await (async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('run-link').first().waitFor({ timeout: 60_000 });
    return (await page.getByTestId('run-link').first().getAttribute('href'))!;
  })();
  const secondRun = (await page.getByTestId('run-link').nth(1).getAttribute('href'))!.replace('#/runs/', '');
  const initiative = await (async () => {
    await page.goto(`${server.url}/#/portfolio`);
    await page.getByTestId('pf-name').first().waitFor({ timeout: 60_000 });
    // Let the bands finish so their simulations do not slow the first timed load.
    await page.getByTestId('pf-bands-loading').waitFor({ state: 'detached', timeout: 60_000 });
    return (await page.getByTestId('pf-name').first().getAttribute('href'))!;
  })();

  /** Loads `hash` from a blank page and waits until `ready` is visible; milliseconds. */
  async function timeLoad(
    url: string,
    ready: () => Promise<void>,
    settle?: () => Promise<void>,
  ): Promise<number> {
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(url);
    await ready();
    const ms = performance.now() - t0;
    // Let requests still in flight finish so they do not slow the next load (the server keeps working on
    // them after the browser navigates away).
    await settle?.();
    return ms;
  }
  const waitTestId = (id: string, attr?: string) => async () => {
    if (attr) {
      await page.waitForFunction(
        (sel) => Number(document.querySelector(`[data-testid="${sel}"]`)?.getAttribute('data-points')) > 0,
        id,
        { timeout: 30_000 },
      );
    } else {
      await page.getByTestId(id).first().waitFor({ timeout: 30_000 });
    }
  };

  /** The scorecard's P10–P90 card shows figures (the Monte Carlo answered). */
  const bandShown = async () => {
    await page.waitForFunction(
      () => /\d/.test(document.querySelector('[data-testid="sc-band"]')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
  };

  const cases: { name: string; url: string; ready: () => Promise<void>; settle?: () => Promise<void> }[] = [
    { name: 'runs', url: `${server.url}/#/`, ready: waitTestId('run-row') },
    { name: 'run detail', url: `${server.url}/${firstRun}`, ready: waitTestId('run-cdf', 'points') },
    {
      name: 'leaderboard table',
      url: `${server.url}/#/leaderboard`,
      ready: waitTestId('lb-row'),
      settle: waitTestId('lb-chart', 'points'),
    },
    {
      name: 'leaderboard chart',
      url: `${server.url}/#/leaderboard`,
      ready: waitTestId('lb-chart', 'points'),
    },
    {
      name: 'compare',
      url: `${server.url}/#/compare?ids=${firstRun.replace('#/runs/', '')},${secondRun}`,
      ready: waitTestId('compare-cdf', 'points'),
    },
    { name: 'fleet', url: `${server.url}/#/fleet`, ready: waitTestId('fleet-row') },
    {
      // Usable: the table and the NPV chart; the P10–P90 bands (20 Monte Carlo runs) fill in after.
      name: 'portfolio',
      url: `${server.url}/#/portfolio`,
      ready: async () => {
        await waitTestId('pf-row')();
        await waitTestId('pf-chart', 'points')();
      },
      settle: () => page.getByTestId('pf-bands-loading').waitFor({ state: 'detached', timeout: 60_000 }),
    },
    {
      // Usable: key numbers and the cumulative cash-flow chart; the band (one Monte Carlo) follows.
      name: 'scorecard',
      url: `${server.url}/${initiative}`,
      ready: async () => {
        await waitTestId('sc-npv')();
        await waitTestId('sc-cashflow', 'points')();
      },
      settle: bandShown,
    },
    {
      name: 'scorecard band',
      url: `${server.url}/${initiative}`,
      ready: bandShown,
    },
  ];

  // Baseline: a page with no script and nothing to fetch, from the same server in the same browser.
  const baselineTimes: number[] = [];
  for (let i = 0; i < LOADS; i++)
    baselineTimes.push(await timeLoad(`${server.url}/empty-baseline.txt`, async () => {}));
  const baselineMs = median(baselineTimes);
  console.log(`baseline (a static response, no script): ${baselineMs.toFixed(0)} ms`);
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < LOADS; i++) times.push(await timeLoad(c.url, c.ready, c.settle));
    const ms = median(times);
    console.log(
      `${c.name.padEnd(17)} usable after ${ms.toFixed(0).padStart(5)} ms (median of ${LOADS}; ${(ms / baselineMs).toFixed(1)}× baseline) ` +
        `${ms <= USABLE_BUDGET_MS ? 'GOAL MET' : 'GOAL MISSED'}: ≤ ${USABLE_BUDGET_MS} ms`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
