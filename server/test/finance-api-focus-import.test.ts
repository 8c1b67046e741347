import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/duckdb';
import { parseCsv } from '../src/finance/csv';
import { startTestServer, type TestServer } from './helpers';
import { financeSeed, tokenFor } from './support/finance-seed';

// importFocusCsv over real GraphQL and DuckDB with the FinOps Foundation's public 1,000-row sample
// bill (FOCUS 1.0 sample data: AWS, Microsoft and Oracle rows of September 2024; fixtures/focus/
// SOURCES.md). Every expected figure is computed from the same file by DuckDB's own CSV reader, not
// by the importer's parser.

const SAMPLE = fileURLToPath(new URL('./fixtures/focus/focus_sample.csv.gz', import.meta.url));
const sampleText = gunzipSync(readFileSync(SAMPLE)).toString('utf8');

const IMPORT = `mutation($input: ImportFocusCsvInput!) { importFocusCsv(input: $input) {
  rows importedRows alreadyImportedRows skippedRows
  skipped { line column reason }
  costItems { id initiativeId name category startMonth source billedCost amount { likely } }
  reconciliation { currency billedCost effectiveCost rows } } }`;

interface Payload {
  rows: number;
  importedRows: number;
  alreadyImportedRows: number;
  skippedRows: number;
  skipped: { line: number; column: string; reason: string }[];
  costItems: {
    id: string;
    initiativeId: string;
    name: string;
    category: string;
    startMonth: number;
    source: string;
    billedCost: number;
    amount: { likely: number };
  }[];
  reconciliation: { currency: string; billedCost: number; effectiveCost: number; rows: number }[];
}

describe('importFocusCsv: a real bill, row by row, idempotent', () => {
  let t: TestServer;
  let analyst: string;
  let duck: Database;
  const ids = {} as Record<'prod' | 'atlas' | 'rest', string>;

  /** One number from DuckDB over the sample file (its own CSV reader; NULL is the file's null). */
  async function fromSample(select: string, where = 'true'): Promise<number> {
    const reader = await duck.connection.runAndReadAll(
      `SELECT ${select} FROM read_csv('${SAMPLE}', header = true, nullstr = 'NULL') WHERE ${where}`,
    );
    return Number(reader.getRowsJS()[0]![0] ?? 0);
  }
  const PROD = `json_extract_string(Tags, '$.environment') = 'prod'`;
  const ATLAS = `NOT coalesce(${PROD}, false) AND SubAccountName = 'Atlas Orion'`;
  const REST = `NOT coalesce(${PROD}, false) AND SubAccountName IS DISTINCT FROM 'Atlas Orion'`;

  async function importBill(input: Record<string, unknown>) {
    const res = await t.gql<{ importFocusCsv: Payload }>(IMPORT, { input }, analyst);
    expect(res.errors).toBeUndefined();
    return res.data!.importFocusCsv;
  }
  const tco = async (id: string) =>
    (
      await t.gql<{ tcoReport: { total: number } }>(
        'query($id: ID!) { tcoReport(initiativeId: $id) { total } }',
        { id },
        analyst,
      )
    ).data!.tcoReport.total;

  beforeAll(async () => {
    t = await startTestServer();
    duck = await openDatabase(':memory:');
    analyst = await tokenFor(t, 'ANALYST');
    const seed = financeSeed(t, analyst);
    for (const k of ['prod', 'atlas', 'rest'] as const)
      ids[k] = (
        await seed.createInitiative({
          name: `Cloud ${k}`,
          startDate: '2024-07-01T00:00:00.000Z',
          horizonMonths: 12,
        })
      ).id;
  });
  afterAll(async () => {
    await duck.close();
    await t.close();
  });

  it('imports all 1,000 rows of the sample bill, mapped by a tag rule, a column rule and a default', async () => {
    const result = await importBill({
      csv: sampleText,
      initiativeId: ids.rest,
      rules: [
        { tag: 'environment', equals: 'prod', initiativeId: ids.prod },
        { column: 'SubAccountName', equals: 'Atlas Orion', initiativeId: ids.atlas },
      ],
    });
    const rows = await fromSample('count(*)');
    expect(rows).toBe(1000);
    expect(result).toMatchObject({
      rows,
      importedRows: rows,
      alreadyImportedRows: 0,
      skippedRows: 0,
      skipped: [],
    });
    // Credits and negative adjustments are in: 13 rows of the sample have a negative EffectiveCost.
    expect(await fromSample('count(*)', 'EffectiveCost < 0')).toBe(13);
    expect(result.reconciliation).toEqual([
      {
        currency: 'USD',
        billedCost: expect.closeTo(await fromSample('sum(BilledCost)'), 9),
        effectiveCost: expect.closeTo(await fromSample('sum(EffectiveCost)'), 9),
        rows,
      },
    ]);
    for (const [key, where] of [
      ['prod', PROD],
      ['atlas', ATLAS],
      ['rest', REST],
    ] as const) {
      const items = result.costItems.filter((c) => c.initiativeId === ids[key]);
      const effective = await fromSample('sum(EffectiveCost)', where);
      const billed = await fromSample('sum(BilledCost)', where);
      expect(await fromSample('count(*)', where)).toBeGreaterThan(50);
      expect(items.reduce((s, c) => s + c.amount.likely, 0)).toBeCloseTo(effective, 9);
      expect(items.reduce((s, c) => s + c.billedCost, 0)).toBeCloseTo(billed, 9);
      // September 2024 is month 2 of a horizon starting July 2024; the TCO report sees the cost.
      expect(new Set(items.map((c) => c.startMonth))).toEqual(new Set([2]));
      expect(items.every((c) => c.source === 'FOCUS')).toBe(true);
      expect(await tco(ids[key])).toBeCloseTo(effective, 9);
    }
    // One cost item per initiative, service and TCO category: the sample's 10 ServiceCategories
    // (of the 19 FOCUS allows) land in 5 TCO categories.
    expect(await fromSample('count(DISTINCT ServiceCategory)')).toBe(10);
    expect(new Set(result.costItems.map((c) => c.category))).toEqual(
      new Set(['INFRASTRUCTURE', 'SOFTWARE', 'DATA_ENGINEERING', 'SECURITY_COMPLIANCE']),
    );
  });

  it('re-importing the same bill adds nothing and says which rows were already imported', async () => {
    const before = await Promise.all(Object.values(ids).map(tco));
    const result = await importBill({ csv: sampleText, initiativeId: ids.rest });
    expect(result).toMatchObject({ rows: 1000, importedRows: 0, alreadyImportedRows: 1000, skippedRows: 0 });
    expect(result.skipped[0]).toEqual({
      line: 2,
      column: '',
      reason: expect.stringMatching(
        /^already imported on \d{4}-\d{2}-\d{2} into initiative "Cloud (prod|atlas|rest)"; not added again$/,
      ),
    });
    expect(await Promise.all(Object.values(ids).map(tco))).toEqual(before);
  });

  it('reports bad rows by line and column and imports the others', async () => {
    // The first three rows of the sample, with one cell broken in each of the first two.
    const [header, ...rows] = parseCsv(sampleText)
      .slice(0, 4)
      .map((r) => r.fields);
    const quoted = (fields: string[]) => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
    rows[0]![header!.indexOf('ServiceCategory')] = 'Gardening';
    rows[1]![header!.indexOf('BilledCost')] = '12,50';
    const fresh = financeSeed(t, analyst);
    const target = await fresh.createInitiative({
      name: 'Fresh',
      startDate: '2024-09-01T00:00:00.000Z',
      horizonMonths: 1,
    });
    const text = [header!, ...rows].map(quoted).join('\n');
    // Row 4 has the content of an imported row: quoting aside, its cells are the same.
    const result = await importBill({ csv: text, initiativeId: target.id });
    expect(result.importedRows).toBe(0);
    expect(result.skipped.map((s) => `${s.line}:${s.column}`)).toEqual([
      '2:ServiceCategory',
      '3:BilledCost',
      '4:',
    ]);
    expect(result.skipped[0]!.reason).toMatch(
      /"Gardening" is not a FOCUS ServiceCategory \(AI and Machine Learning, /,
    );
    expect(result.skipped[1]!.reason).toMatch(/must be a decimal number such as -12\.5 \(got "12,50"\)/);
  });

  it('forgets rows whose cost item was deleted, so a corrected import can add them again', async () => {
    const items = (
      await t.gql<{ initiative: { costItems: { id: string; amount: { likely: number } }[] } }>(
        'query($id: ID!) { initiative(id: $id) { costItems { id amount { likely } } } }',
        { id: ids.prod },
        analyst,
      )
    ).data!.initiative.costItems;
    for (const item of items) {
      const res = await t.gql(
        'mutation($id: ID!) { deleteCostItem(id: $id) { deleted } }',
        { id: item.id },
        analyst,
      );
      expect(res.errors).toBeUndefined();
    }
    const result = await importBill({
      csv: sampleText,
      initiativeId: ids.rest,
      rules: [{ tag: 'environment', equals: 'prod', initiativeId: ids.prod }],
    });
    const prodRows = await fromSample('count(*)', PROD);
    expect(result).toMatchObject({ importedRows: prodRows, alreadyImportedRows: 1000 - prodRows });
    expect(await tco(ids.prod)).toBeCloseTo(await fromSample('sum(EffectiveCost)', PROD), 9);
  });

  it('a credit on its own is a negative cost item, and the TCO falls by it', async () => {
    const target = await financeSeed(t, analyst).createInitiative({
      name: 'Credits',
      startDate: '2026-01-01T00:00:00.000Z',
      horizonMonths: 12,
    });
    const header =
      'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceCategory,ServiceName';
    const csv = [
      header,
      '100,100,USD,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,Usage,Compute,GPU VMs',
      '-250,-250,USD,2026-03-01T00:00:00Z,2026-04-01T00:00:00Z,Credit,Other,Promotional credit',
    ].join('\n');
    const result = await importBill({ csv, initiativeId: target.id });
    expect(result.importedRows).toBe(2);
    expect(result.costItems.map((c) => [c.name, c.amount.likely, c.billedCost])).toEqual([
      ['GPU VMs', 100, 100],
      ['Promotional credit', -250, -250],
    ]);
    expect(await tco(target.id)).toBeCloseTo(-150, 9);
  });

  it('refuses a rule naming no initiative or both a tag and a column, naming the input field', async () => {
    const one = await t.gql(
      IMPORT,
      { input: { csv: sampleText, rules: [{ tag: 'env', equals: 'x', initiativeId: 'nope' }] } },
      analyst,
    );
    expect(one.errors?.[0]?.message).toBe(
      'importFocusCsv.input.rules.0.initiativeId: initiative nope not found',
    );
    const two = await t.gql(
      IMPORT,
      {
        input: { csv: sampleText, rules: [{ tag: 'env', column: 'X', equals: 'x', initiativeId: ids.prod }] },
      },
      analyst,
    );
    expect(two.errors?.[0]?.message).toBe('importFocusCsv.input.rules.0: give either tag or column');
    const header = await t.gql(
      IMPORT,
      { input: { csv: 'BilledCost\n1\n', initiativeId: ids.prod } },
      analyst,
    );
    expect(header.errors?.[0]?.message).toMatch(
      /^importFocusCsv\.input\.csv: nothing imported: line 1 column EffectiveCost: required FOCUS column is missing/,
    );
  });
});
