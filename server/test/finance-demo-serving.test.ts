import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SELF_HOSTED, seedDemo } from '../scripts/demo-seed';
import { startTestServer, type TestServer } from './helpers';

// On the demo data set (server/scripts/seed-demo.ts): every self-hosted deployment option is sized at
// the leaderboard's best single run meeting its SLO (atSlo), not at the pooled average of the runs.

interface Option {
  optionId: string;
  kind: string;
  tokensPerSecondAtSlo: number | null;
  peakDevices: number | null;
  operatingPoint: {
    source: string;
    pooledOutputTokensPerS: number;
    run: { runId: string; concurrency: number };
  };
}

describe('demo data: self-hosted options at the operating point', () => {
  let t: TestServer;
  let initiativeIds: string[];

  beforeAll(async () => {
    t = await startTestServer();
    // 100 runs cover the first profile's whole grid (64 runs), the one the self-hosted options use.
    ({ initiativeIds } = await seedDemo(t.server.db, {
      runs: 100,
      samplesPerRun: 40,
      seed: 42,
      initiatives: 5,
    }));
  }, 120_000);
  afterAll(() => t.close());

  it('every self-hosted option’s throughput is the atSlo best run’s', async () => {
    for (const id of initiativeIds) {
      const res = await t.gql<{
        initiative: { demand: { sloPercentile: string; sloE2eMs: number } };
        recommendDeployment: { options: Option[] };
      }>(
        `query($id: ID!) { initiative(id: $id) { demand { sloPercentile sloE2eMs } }
          recommendDeployment(initiativeId: $id) { options { optionId kind tokensPerSecondAtSlo peakDevices
            operatingPoint { source pooledOutputTokensPerS run { runId concurrency } } } } }`,
        { id },
        t.adminToken,
      );
      expect(res.errors).toBeUndefined();
      const { demand } = res.data!.initiative;
      const board = await t.gql<{
        leaderboard: {
          entries: {
            hardwareProfile: { name: string };
            model: string;
            quantization: string;
            throughputAtSloTokensPerS: number;
            atSlo: { runId: string; outputTokensPerS: number; concurrency: number };
          }[];
        };
      }>(
        `query($slo: SloInput!) { leaderboard(scenario: "${DEMO_SELF_HOSTED.scenario}", slo: $slo, cloudRate: RESERVED) {
          entries { hardwareProfile { name } model quantization throughputAtSloTokensPerS
            atSlo { runId outputTokensPerS concurrency } } } }`,
        { slo: { percentile: demand.sloPercentile, e2eMs: demand.sloE2eMs } },
        t.adminToken,
      );
      expect(board.errors).toBeUndefined();
      const entry = board.data!.leaderboard.entries.find(
        (e) =>
          e.hardwareProfile.name === '1x H100 SXM' &&
          e.model === DEMO_SELF_HOSTED.model &&
          e.quantization === DEMO_SELF_HOSTED.quantization,
      )!;
      const selfHosted = res.data!.recommendDeployment.options.filter((o) => o.kind === 'SELF_HOSTED');
      expect(selfHosted).toHaveLength(1);
      for (const o of selfHosted) {
        expect(o.tokensPerSecondAtSlo).toBe(entry.atSlo.outputTokensPerS);
        expect(o.operatingPoint).toMatchObject({
          source: 'BEST_RUN_AT_SLO',
          run: { runId: entry.atSlo.runId, concurrency: entry.atSlo.concurrency },
          pooledOutputTokensPerS: entry.throughputAtSloTokensPerS,
        });
        // The best run carries the highest load of the sweep, well above the pooled figure.
        expect(entry.atSlo.concurrency).toBe(64);
        expect(o.tokensPerSecondAtSlo!).toBeGreaterThan(2 * entry.throughputAtSloTokensPerS);
      }
    }
  });
});
