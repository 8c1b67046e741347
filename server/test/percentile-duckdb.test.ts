import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERCENTILES } from '@yardstick/schema/metrics';
import { percentiles, quantileOfPercentile } from '@yardstick/schema/percentile';
import { mulberry32 } from '@yardstick/schema/seeded-random';

/**
 * The schema's percentile function (the agent's summary, the UI) and DuckDB's quantile_cont (the
 * server's SQL) return the same double, bit for bit, so the CLI and the API print the same number.
 */
describe('percentile method: the schema function equals DuckDB quantile_cont exactly', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  it('on 400 seeded samples of 1-300 latencies at microsecond precision, at every reported percentile', async () => {
    const connection = await instance.connect();
    const u = mulberry32(7);
    const qs = PERCENTILES.map(quantileOfPercentile); // written as SQL literals, as the server does
    let compared = 0;
    for (let trial = 0; trial < 400; trial += 1) {
      const n = 1 + Math.floor(u() * 300);
      // Microsecond-rounded milliseconds, as the agent records them (sample.builder.ts).
      const values = Array.from({ length: n }, () => Math.round(u() * 250_000) / 1000);
      const reader = await connection.runAndReadAll(
        `SELECT quantile_cont(x, [${qs.join(', ')}]) AS q FROM (SELECT unnest($1::DOUBLE[]) AS x)`,
        [JSON.stringify(values)],
      );
      const fromDuckDb = reader.getRowObjectsJS()[0]!.q as number[];
      expect(percentiles(values, [...PERCENTILES])).toEqual(fromDuckDb);
      compared += qs.length;
    }
    expect(compared).toBe(400 * PERCENTILES.length);
    connection.closeSync();
  });
});
