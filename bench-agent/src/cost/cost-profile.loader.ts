import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { HardwareCostProfile } from './hardware-cost';

/**
 * A hardware cost profile file (YAML or JSON, snake_case with units in the names):
 *
 *   capex_usd: 30000            # purchase price
 *   residual_usd: 6000          # resale value after `years`
 *   years: 4
 *   discount_rate_per_year: 0.08
 *   power_kw: 0.7               # replaced by the measured average power when telemetry has one
 *   pue: 1.4
 *   usd_per_kwh: 0.12
 *   maintenance_usd_per_year: 1500
 *   hosting_usd_per_hour: 0.05
 */
export const CostProfileSchema = z
  .object({
    capex_usd: z.number().nonnegative(),
    residual_usd: z.number().nonnegative().default(0),
    years: z.number().positive(),
    discount_rate_per_year: z.number().min(0).max(1).default(0),
    power_kw: z.number().nonnegative(),
    pue: z.number().min(1).default(1),
    usd_per_kwh: z.number().nonnegative(),
    maintenance_usd_per_year: z.number().nonnegative().default(0),
    hosting_usd_per_hour: z.number().nonnegative().default(0),
  })
  .strict();

/** Formats a zod issue path like `profiles[0].command`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/**
 * Parses YAML text against a zod schema; errors name the file, each field path and what was expected.
 * @throws Error "<file>: invalid <what>\n  - <path>: <problem>".
 */
export function parseYamlWith<T extends z.ZodType>(
  schema: T,
  text: string,
  file: string,
  what: string,
): z.infer<T> {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: not valid YAML (${(err as Error).message})`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${formatIssuePath(i.path)}: ${i.message}`);
    throw new Error(`${file}: invalid ${what}\n${lines.join('\n')}`);
  }
  return r.data;
}

/** Reads a cost profile file. @throws Error naming the file and field on any problem. */
export function loadCostProfile(file: string): HardwareCostProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `--cost-profile ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const p = parseYamlWith(CostProfileSchema, text, file, 'cost profile');
  return {
    capexUsd: p.capex_usd,
    residualUsd: p.residual_usd,
    years: p.years,
    discountRatePerYear: p.discount_rate_per_year,
    powerKw: p.power_kw,
    pue: p.pue,
    usdPerKwh: p.usd_per_kwh,
    maintenanceUsdPerYear: p.maintenance_usd_per_year,
    hostingUsdPerHour: p.hosting_usd_per_hour,
  };
}
