import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoInitiatives } from '../scripts/demo-initiatives';
import { FinanceService } from '../src/finance-api/finance.service';
import { seededUniform } from '../src/finance/ranges';
import { startTestServer, type TestServer } from './helpers';

/**
 * The portfolio reads every initiative's inputs in a few batched statements (FinanceService.allBundles)
 * instead of six per initiative. Each of its scorecards must equal the scorecard read one initiative
 * at a time (roiScorecard, FinanceService.bundle), time-study evidence included.
 */
interface Figures {
  initiativeId: string;
  npv: number;
  roi: number | null;
  paybackMonth: number | null;
  pvCosts: number;
  pvBenefits: number;
  evidence: { timeStudyId: string; result: { meanSavedMinutes: number; nAfter: number } | null }[];
}
const FIGURES =
  'initiativeId npv roi paybackMonth pvCosts pvBenefits evidence { timeStudyId result { meanSavedMinutes nAfter } }';

describe('portfolio over batched reads', () => {
  let t: TestServer;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestServer();
    ids = await writeDemoInitiatives(new FinanceService(t.server.db), 5, seededUniform(3), {
      selfHostedProfileId: 'no-such-profile',
      selfHostedProfileName: 'none',
      model: 'm',
      quantization: 'fp8',
      scenario: 'chat',
    });
  });
  afterAll(() => t.close());

  it('gives every initiative the scorecard it has on its own', async () => {
    const res = await t.gql<{ portfolio: { entries: { scorecard: Figures }[] } }>(
      `{ portfolio { entries { scorecard { ${FIGURES} } } } }`,
      {},
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    const entries = res.data!.portfolio.entries.map((e) => e.scorecard);
    expect(entries.map((e) => e.initiativeId).sort()).toEqual([...ids].sort());
    expect(entries.some((e) => e.evidence.some((x) => x.result !== null))).toBe(true);
    for (const id of ids) {
      const one = await t.gql<{ roiScorecard: Figures }>(
        `query($id: ID!) { roiScorecard(initiativeId: $id) { ${FIGURES} } }`,
        { id },
        t.adminToken,
      );
      expect(one.errors).toBeUndefined();
      expect(entries.find((e) => e.initiativeId === id)).toEqual(one.data!.roiScorecard);
    }
  });
});
