/**
 * The SQL of the per-request metrics, generated from their definitions (schema/src/metrics.ts): which
 * samples-table column a metric reads, over which samples, and its percentiles by the project's one
 * method — DuckDB's quantile_cont, which the schema's `percentiles` reproduces bit for bit
 * (docs/metrics.md, "Percentiles"). Every repository that reads latencies builds its SQL here, so a
 * metric's population or method is stated once. Fixed strings only: no user text reaches the SQL.
 */
import { METRICS, type MetricKey } from '@yardstick/schema/metrics';
import { quantileOfPercentile } from '@yardstick/schema/percentile';
import { SAMPLE_COLUMN_BY_NAME } from '@yardstick/schema/samples';

/** A metric read from samples (it has a `sample` block in its definition). */
export type SampleMetricKey = {
  [K in MetricKey]: (typeof METRICS)[K] extends { sample: object } ? K : never;
}[MetricKey];

function sampleOf(key: SampleMetricKey) {
  return (
    METRICS[key] as {
      sample: { column: keyof typeof SAMPLE_COLUMN_BY_NAME; population: string; pooled?: true };
    }
  ).sample;
}

/** The table column a metric reads, with an optional table alias: `metricColumn('ttftMs', 's')` → `s.ttft_ms`. */
export function metricColumn(key: SampleMetricKey, alias?: string): string {
  const column = SAMPLE_COLUMN_BY_NAME[sampleOf(key).column].column;
  return alias ? `${alias}.${column}` : column;
}

/**
 * The condition picking the samples a metric is taken over, warm-up excluded by the caller's scan:
 * `successful` → `error_kind IS NULL`; `all` → `true`.
 */
export function populationSql(key: SampleMetricKey, alias?: string): string {
  const errorKind = alias ? `${alias}.error_kind` : 'error_kind';
  return sampleOf(key).population === 'successful' ? `${errorKind} IS NULL` : 'true';
}

/**
 * The quantiles of percentiles as a DuckDB list literal: `quantileList([50, 99.9])` → `[0.5, 0.999]`,
 * the decimals the schema's percentile function uses.
 */
export function quantileList(percentiles: readonly number[]): string {
  return `[${percentiles.map((p) => String(quantileOfPercentile(p))).join(', ')}]`;
}

/**
 * The one percentile aggregate: `quantile_cont(<column>, [q…]) FILTER (WHERE <population>)`. A
 * pooled metric (ITL: a list per sample) must be unnested first: pass its unnested column as `value`.
 * `quantileSql('ttftMs', [50, 95], { alias: 's' })` →
 * `quantile_cont(s.ttft_ms, [0.5, 0.95]) FILTER (WHERE s.error_kind IS NULL)`.
 */
export function quantileSql(
  key: SampleMetricKey,
  percentiles: readonly number[],
  o: { alias?: string; value?: string; and?: string } = {},
): string {
  const value = o.value ?? metricColumn(key, o.alias);
  const where = o.and ? `${o.and} AND ${populationSql(key, o.alias)}` : populationSql(key, o.alias);
  return `quantile_cont(${value}, ${quantileList(percentiles)}) FILTER (WHERE ${where})`;
}

/**
 * A one-column relation `x` of a metric's values over one run's non-warm-up samples (`$1` = run id),
 * pooled metrics unnested: `metricValuesSql('itlMs')` →
 * `SELECT unnest(itl_ms) AS x FROM samples WHERE run_id = $1 AND NOT warmup AND error_kind IS NULL`.
 */
export function metricValuesSql(key: SampleMetricKey): string {
  const column = metricColumn(key);
  const value = sampleOf(key).pooled ? `unnest(${column})` : column;
  return `SELECT ${value} AS x FROM samples WHERE run_id = $1 AND NOT warmup AND ${populationSql(key)}`;
}

/**
 * count, mean, min, max and quantiles of a metric over the rows in scope, as `<name>_n`, `<name>_mean`,
 * `<name>_lo`, `<name>_hi`, `<name>_q` (a list in `percentiles` order). `value` replaces the column
 * (an unnested ITL).
 */
export function metricAggregatesSql(
  key: SampleMetricKey,
  name: string,
  percentiles: readonly number[],
  value = metricColumn(key),
): string {
  const ok = `FILTER (WHERE ${populationSql(key)} AND ${value} IS NOT NULL)`;
  return `count(${value}) ${ok} AS ${name}_n, avg(${value}) ${ok} AS ${name}_mean,
          min(${value}) ${ok} AS ${name}_lo, max(${value}) ${ok} AS ${name}_hi,
          ${quantileSql(key, percentiles, { value })} AS ${name}_q`;
}
