import { HOURS_PER_MONTH } from '../finance/discounting';
import type { InferenceCostRow } from '../finance/focus-csv';
import { costPerMillionTokensAtRate } from '../finance/hourly-cost';
import { breakEvenUtilisation, planCapacity } from '../finance/inference-cost';
import type { Phase } from '../finance/model';

// Per-option economics for recommendDeployment and the FOCUS export of self-hosted inference cost.
// Pure: the service passes in what it loaded. Units: $ in the initiative's currency, tokens are
// OUTPUT tokens wherever a throughput is involved (what benchmarks report, docs/finance.md).

/** An API option as priced for a break-even comparison. */
export interface ApiPrice {
  optionId: string;
  name: string;
  inputCostPerMtok: number;
  outputCostPerMtok: number;
}

/** The demand figures the economics need. */
export interface TokenMix {
  tasksPerMonth: number;
  inputTokensPerTask: number;
  outputTokensPerTask: number;
  peakToAverage: number;
  growthPerMonth: number;
}

export interface BreakEven {
  apiOptionId: string;
  apiName: string;
  /** The API's cost per million OUTPUT tokens at this initiative's input : output mix. */
  apiCostPerMtok: number;
  /** U* = C_hr × 1e6 / (3600 × tokens/s × API $/Mtok); > 1: the device never breaks even. */
  utilisation: number;
}

/**
 * What an API costs per million output tokens given the token mix, so that it compares with a
 * device whose throughput counts output tokens: `(in × $in + out × $out) ÷ out`.
 * Example: 1,000 in + 300 out per task at $3 / $15 per Mtok → (3,000 + 4,500) ÷ 300 = $25 per output Mtok.
 */
export function apiCostPerOutputMtok(api: ApiPrice, mix: TokenMix): number | null {
  if (!(mix.outputTokensPerTask > 0)) return null;
  return (
    (mix.inputTokensPerTask * api.inputCostPerMtok + mix.outputTokensPerTask * api.outputCostPerMtok) /
    mix.outputTokensPerTask
  );
}

/**
 * A device option's $/Mtok at full utilisation and its break-even utilisation against each API.
 * Example: $10/h at 526.3 tok/s → $5.28/Mtok; against a $25/Mtok API, U* = 5.28 / 25 = 0.211.
 */
export function deviceEconomics(
  hourlyCostPerDevice: number | null,
  tokensPerSecondAtSlo: number | null,
  apis: readonly ApiPrice[],
  mix: TokenMix,
): { costPerMtokAtFullUtilisation: number | null; breakEven: BreakEven[] } {
  if (hourlyCostPerDevice == null || !(tokensPerSecondAtSlo && tokensPerSecondAtSlo > 0))
    return { costPerMtokAtFullUtilisation: null, breakEven: [] };
  const breakEven: BreakEven[] = [];
  for (const api of apis) {
    const apiCostPerMtok = apiCostPerOutputMtok(api, mix);
    if (!(apiCostPerMtok && apiCostPerMtok > 0)) continue;
    breakEven.push({
      apiOptionId: api.optionId,
      apiName: api.name,
      apiCostPerMtok,
      utilisation: breakEvenUtilisation(hourlyCostPerDevice, tokensPerSecondAtSlo, apiCostPerMtok),
    });
  }
  return {
    costPerMtokAtFullUtilisation: costPerMillionTokensAtRate(hourlyCostPerDevice, tokensPerSecondAtSlo),
    breakEven,
  };
}

/** One self-hosted option to export, with what the FOCUS SKU, resource and `x_` columns need. */
export interface ExportedOption {
  optionId: string;
  name: string;
  model: string;
  quantization: string;
  hardware: string;
  hardwareProfileId: string;
  /** The catalogue price row (hardware_prices.id) the hourly cost comes from, and its kind. */
  priceId: string;
  pricing: string;
  tokensPerSecondAtSlo: number;
  hourlyCostPerDevice: number;
  headroomFraction?: number;
}

/** The initiative whose horizon is exported (it is the FOCUS billing account). */
export interface ExportedInitiative {
  id: string;
  name: string;
  startDate: Date;
  horizonMonths: number;
  phase: Phase;
  currency: string;
}

/**
 * Monthly self-hosted inference cost over the horizon as FOCUS export rows: allocation basis
 * (devices from the capacity plan × $/h × 730 h), ConsumedQuantity = input + output tokens of the month.
 * Month 0 is the initiative's start month (UTC); each row's period ends (exclusive) at the next month.
 * Example: 1 device at $10/h → $7,300 per month; 100,000 tasks × 1,300 tokens → 130,000,000 tokens.
 */
export function inferenceCostRows(
  option: ExportedOption,
  mix: TokenMix,
  initiative: ExportedInitiative,
): InferenceCostRow[] {
  const start = initiative.startDate;
  const day = (monthIndex: number) =>
    new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + monthIndex, 1))
      .toISOString()
      .slice(0, 10);
  const rows: InferenceCostRow[] = [];
  for (let t = 0; t < initiative.horizonMonths; t++) {
    const tasks = mix.tasksPerMonth * (1 + mix.growthPerMonth) ** t;
    const plan = planCapacity({
      tasksPerMonth: tasks,
      tokensPerTask: mix.outputTokensPerTask,
      peakToAverage: mix.peakToAverage,
      tokensPerSecondPerDevice: option.tokensPerSecondAtSlo,
      headroomFraction: option.headroomFraction,
    });
    rows.push({
      chargePeriodStart: day(t),
      chargePeriodEnd: day(t + 1),
      devices: plan.devices,
      hoursPerDevice: HOURS_PER_MONTH,
      hourlyCostPerDevice: option.hourlyCostPerDevice,
      currency: initiative.currency,
      tokens: tasks * (mix.inputTokensPerTask + mix.outputTokensPerTask),
      model: option.model,
      quantization: option.quantization,
      hardware: option.hardware,
      phase: initiative.phase,
      initiative: { id: initiative.id, name: initiative.name },
      option: { id: option.optionId, name: option.name },
      sku: { id: option.hardwareProfileId, priceId: option.priceId, pricing: option.pricing },
    });
  }
  return rows;
}
