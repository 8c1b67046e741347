/**
 * From measurement to money in the browser, from an empty database: the real agent benchmarks a real
 * local OpenAI-compatible streaming server at two loads and uploads; an analyst creates a hardware
 * profile and its price on the hardware page, links both runs to it on the run page, sets the
 * initiative's demand and adds a self-hosted deployment option on the deployment page, picks it — and
 * the scorecard's NPV drops by exactly the present value of the serving cost, computed here from the
 * operating point (the best run meeting the SLO) and the price. Screenshots: test-results/e2e/web-serving-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBin, graphql, repoRoot, runCli, serverBin, startCli, type Started } from '../support/processes';
import { chromiumArgs, chromiumPath } from '../support/demo-server';
import { formatMoney } from '../../web/src/lib/finance-format';

const screenshotDir = resolve(repoRoot, 'test-results/e2e');
const delayServer = resolve(repoRoot, 'bench-agent/test/fixtures/tools/delay.server.ts');
const HOURS = 730;
const TASKS = 3_000_000;
const OUT = 300;
const PEAK = 2;
const RESERVED_PER_HOUR = 2;
const VALUE_PER_MONTH = 90_000;

/** The delay server (bench-agent's fixture) in its own process: TTFT 20 ms, then 16 tokens 5 ms apart. */
function startTarget(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', delayServer, '--ttft-ms', '20', '--itl-ms', '5'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) done({ url: `http://127.0.0.1:${m[1]}`, child });
    });
    child.once('exit', (code) => fail(new Error(`delay server exited ${code}: ${out}`)));
  });
}

describe('hardware price → runs → deployment option → scorecard, in the browser', () => {
  let workDir: string;
  let server: Started & { match: string };
  let target: { url: string; child: ChildProcess };
  let browser: Browser;
  let admin: string;
  let analyst: string;
  let initiativeId: string;
  const runIds: string[] = [];

  const api = <T>(query: string, variables: Record<string, unknown> = {}) =>
    graphql<T>(server.match, query, variables, analyst);

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'yardstick-serving-'));
    mkdirSync(screenshotDir, { recursive: true });
    server = await startCli(
      serverBin,
      ['start', '--db', join(workDir, 'empty.duckdb'), '--port', '0', '--no-first-run-bench'],
      /running at (http:\/\/127\.0\.0\.1:\d+)/,
    );
    admin = /(ys_[A-Za-z0-9_-]+)/.exec(server.output())![1]!;
    const token = async (role: string) =>
      (
        await graphql<{ createToken: { token: string } }>(
          server.match,
          'mutation($input: CreateTokenInput!) { createToken(input: $input) { token } }',
          { input: { role, name: `e2e ${role.toLowerCase()}` } },
          admin,
        )
      ).createToken.token;
    analyst = await token('ANALYST');
    const agent = await graphql<{ registerAgent: { token: string } }>(
      server.match,
      'mutation { registerAgent(input: { name: "e2e-serving" }) { token } }',
      {},
      admin,
    );
    target = await startTarget();
    // The real agent, two loads of the same model: the best one that meets the SLO sizes the option.
    for (const concurrency of [1, 4]) {
      const result = await runCli(agentBin, [
        'run',
        '--target',
        target.url,
        '--scenario',
        resolve(repoRoot, 'scenarios/smoke.yaml'),
        '--model',
        'demo-llm',
        '--quantization',
        'fp8',
        '--concurrency',
        String(concurrency),
        '--requests',
        '40',
        '--telemetry',
        'none',
        '--server',
        server.match,
        '--token',
        agent.registerAgent.token,
        '--spool-dir',
        join(workDir, 'spool'),
      ]);
      expect(result.code, result.output).toBe(0);
    }
    const runs = await api<{ runs: { edges: { node: { id: string } }[] } }>(
      '{ runs(first: 10) { edges { node { id } } } }',
    );
    runIds.push(...runs.runs.edges.map((e) => e.node.id));
    expect(runIds).toHaveLength(2);

    // An initiative with production value and every production cost but the serving one.
    initiativeId = (
      await api<{ createInitiative: { id: string } }>(
        `mutation { createInitiative(input: { name: "Support assistant", owner: "Customer Care", phase: PRODUCTION,
          startDate: "2026-01-01T00:00:00Z" }) { id } }`,
      )
    ).createInitiative.id;
    await api(
      `mutation($id: ID!) { createValueStream(input: { initiativeId: $id, name: "Tickets deflected", kind: COST_AVOIDANCE,
        phase: PRODUCTION, params: [{ name: "amountPerMonth", value: { likely: ${VALUE_PER_MONTH} } }] }) { id } }`,
      { id: initiativeId },
    );
    for (const category of [
      'PERSONNEL',
      'SOFTWARE',
      'DATA_ENGINEERING',
      'SECURITY_COMPLIANCE',
      'CHANGE_MANAGEMENT',
    ]) {
      await api(
        `mutation($id: ID!) { createCostItem(input: { initiativeId: $id, name: "${category.toLowerCase()}",
          category: ${category}, phase: PRODUCTION, recurrence: MONTHLY, amount: { likely: 2000 } }) { id } }`,
        { id: initiativeId },
      );
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    target?.child.kill();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function analystPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript((t) => localStorage.setItem('yardstick.token', t), analyst);
    return page;
  }

  it('an analyst prices hardware, links runs, adds and picks an option; NPV drops by the serving PV', async () => {
    const before = await api<{ roiScorecard: { npv: number; guarded: { likeForLike: boolean } } }>(
      'query($id: ID!) { roiScorecard(initiativeId: $id) { npv guarded { likeForLike } } }',
      { id: initiativeId },
    );
    expect(before.roiScorecard.guarded.likeForLike).toBe(false); // no serving cost yet
    const page = await analystPage();

    // 1. The hardware page: a profile and its price.
    await page.goto(`${server.match}/#/hardware`);
    await page.getByTestId('hw-new').click();
    await page.getByTestId('hw-name').fill('Lab inference box');
    await page.getByTestId('hw-vendor').fill('Lab');
    await page.getByTestId('hw-model').fill('demo accelerator');
    await page.getByTestId('hw-count').fill('1');
    await page.getByTestId('hw-profile-save').click();
    await page.getByTestId('hw-profile-name').filter({ hasText: 'Lab inference box' }).waitFor();
    await page.getByTestId('hw-add-price').click();
    await page.getByTestId('hw-price-effective').fill('2026-01-01');
    await page.getByTestId('hw-price-on-demand').fill('3');
    await page.getByTestId('hw-price-reserved').fill(String(RESERVED_PER_HOUR));
    await page.getByTestId('hw-price-save').click();
    await expect.poll(() => page.getByTestId('hw-price-row').count()).toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'web-serving-hardware.png'), fullPage: true });
    const { hardwareProfiles } = await api<{ hardwareProfiles: { id: string; prices: { id: string }[] }[] }>(
      '{ hardwareProfiles { id prices { id } } }',
    );
    expect(hardwareProfiles).toHaveLength(1);
    const profileId = hardwareProfiles[0]!.id;

    // 2. Each run is linked to the profile on its run page.
    for (const runId of runIds) {
      await page.goto(`${server.match}/#/runs/${runId}`);
      await page.getByTestId('link-profile-form').locator('select').selectOption(profileId);
      await page.getByTestId('link-profile-form').getByRole('button', { name: 'Link' }).click();
      await page.getByTestId('run-profile').getByText('linked by hand').waitFor();
    }

    // 3. The deployment page: demand, then a self-hosted option from the runs, then pick it.
    await page.goto(`${server.match}/#/initiatives/${initiativeId}/deployment`);
    await page.getByTestId('dp-tasks').fill(String(TASKS));
    await page.getByTestId('dp-input-tokens').fill('1000');
    await page.getByTestId('dp-output-tokens').fill(String(OUT));
    await page.getByTestId('dp-peak').fill(String(PEAK));
    await page.getByTestId('dp-growth').fill('0');
    await page.getByTestId('dp-slo-e2e').fill('2000');
    await page.getByTestId('dp-demand-save').click();
    await page.getByTestId('dp-option-profile').selectOption(profileId);
    await page.getByTestId('dp-option-scenario').selectOption('smoke');
    await page.getByTestId('dp-option-model').selectOption('demo-llm');
    await page.getByTestId('dp-option-quantization').selectOption('fp8');
    await page.getByTestId('dp-option-name').fill('Lab box, reserved');
    await page.getByTestId('dp-option-add').click();
    const row = page.getByTestId('dp-rec-row').filter({ hasText: 'Lab box, reserved' });
    await row.waitFor({ timeout: 30_000 });
    // The recommendation's rank 1 serves until an analyst picks; pick it explicitly.
    await row.getByTestId('dp-serving-badge').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'web-serving-deployment.png'), fullPage: true });

    // The operating point, independently: the leaderboard's best run meeting the SLO at the demand's SLO.
    const { leaderboard } = await api<{
      leaderboard: { entries: { atSlo: { runId: string; outputTokensPerS: number }; runIds: string[] }[] };
    }>(
      `{ leaderboard(scenario: "smoke", slo: { percentile: P99, e2eMs: 2000 }, cloudRate: RESERVED) {
          entries { runIds atSlo { runId outputTokensPerS } } } }`,
    );
    const entry = leaderboard.entries[0]!;
    expect([...entry.runIds].sort()).toEqual([...runIds].sort());
    const tps = entry.atSlo.outputTokensPerS;
    expect(await row.getByTestId('dp-rec-run').getAttribute('href')).toBe(`#/runs/${entry.atSlo.runId}`);

    // 4. The scorecard: NPV drops by the present value of devices × $/h × 730 h over 36 months.
    const devices = Math.ceil((((TASKS * OUT) / (HOURS * 3600)) * PEAK * 1.2) / tps - 1e-9);
    const rateM = 1.1 ** (1 / 12) - 1;
    let servingPv = 0;
    for (let t = 0; t < 36; t++) servingPv += (devices * RESERVED_PER_HOUR * HOURS) / (1 + rateM) ** t;
    const after = await api<{
      roiScorecard: { npv: number; currency: string; guarded: { likeForLike: boolean; npv: number } };
    }>('query($id: ID!) { roiScorecard(initiativeId: $id) { npv currency guarded { likeForLike npv } } }', {
      id: initiativeId,
    });
    expect(before.roiScorecard.npv - after.roiScorecard.npv).toBeCloseTo(servingPv, 6);
    expect(after.roiScorecard.guarded).toMatchObject({ likeForLike: true, npv: after.roiScorecard.npv });

    await page.goto(`${server.match}/#/initiatives/${initiativeId}`);
    await page.getByTestId('sc-npv').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sc-npv').textContent()).toBe(formatMoney(after.roiScorecard.npv, 'USD'));
    expect(await page.getByTestId('sc-guard-state').textContent()).toBe('✓ passes');
    expect(await page.getByTestId('sc-serving-choice').textContent()).toMatch(/rank 1/);
    expect(await page.getByTestId('sc-serving-pv').textContent()).toBe(formatMoney(servingPv, 'USD'));
    expect(await page.getByTestId('sc-serving-run').locator('a').getAttribute('href')).toBe(
      `#/runs/${entry.atSlo.runId}`,
    );
    expect(await page.getByTestId('sc-serving-price').textContent()).toMatch(/effective 2026-01-01/);
    expect(await page.getByTestId('sc-serving-per-mtok').textContent()).toMatch(
      /at full utilisation · .* realised at/,
    );
    await page.screenshot({ path: join(screenshotDir, 'web-serving-scorecard.png'), fullPage: true });

    // An analyst's pick is said so on the scorecard.
    await page.goto(`${server.match}/#/initiatives/${initiativeId}/deployment`);
    const picked = page.getByTestId('dp-rec-row').filter({ hasText: 'Lab box, reserved' });
    await picked.waitFor();
    await page.getByTestId('dp-option-kind').selectOption('API');
    await page.getByTestId('dp-option-name').fill('Hosted API');
    await page.getByTestId('dp-option-in').fill('3');
    await page.getByTestId('dp-option-out').fill('15');
    await page.getByTestId('dp-option-add').click();
    const apiRow = page.getByTestId('dp-rec-row').filter({ hasText: 'Hosted API' });
    await apiRow.waitFor();
    expect(await apiRow.getByTestId('dp-rec-reason').textContent()).toMatch(/more over 36 months/);
    await apiRow.getByTestId('dp-use').click();
    await apiRow.getByTestId('dp-serving-badge').waitFor();
    await page.goto(`${server.match}/#/initiatives/${initiativeId}`);
    await expect
      .poll(() => page.getByTestId('sc-serving-choice').textContent(), { timeout: 30_000 })
      .toBe('chosen by an analyst');
    await page.close();
  });
});
