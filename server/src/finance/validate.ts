/**
 * Input validation for the finance engine. Every problem names the field (a path such as
 * `costItems[gpu-lease].endMonth`) and says what would be accepted; all problems are reported at once.
 */
import {
  COST_CATEGORIES,
  PHASES,
  PRODUCTION_COST_KEYS,
  VALUE_STREAM_KINDS,
  type Initiative,
  type MonthWindow,
} from './model.js';
import { rangeError, type Estimate } from './ranges.js';

export interface FieldIssue {
  field: string;
  message: string;
}

/** Thrown for invalid inputs; `issues` lists every bad field. */
export class FinanceInputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'FinanceInputError';
  }
}

/** Largest accepted discount rate: 100 %/year. Higher is almost surely a percent typed as a fraction. */
export const MAX_DISCOUNT_RATE_PER_YEAR = 1;
export const MAX_HORIZON_MONTHS = 600;

type Bounds = { min?: number; max?: number };

function checkEstimate(issues: FieldIssue[], field: string, e: unknown, b: Bounds = { min: 0 }): void {
  if (typeof e === 'object' && e !== null && (e as { kind?: string }).kind === 'time-study') return;
  if (typeof e !== 'number' && (typeof e !== 'object' || e === null)) {
    issues.push({ field, message: 'required: a number or { low, likely, high }' });
    return;
  }
  const err = rangeError(field, e as Estimate);
  if (err) {
    issues.push({ field, message: err.slice(field.length + 2) || err });
    return;
  }
  const vals = typeof e === 'number' ? [e] : [(e as { low: number }).low, (e as { high: number }).high];
  if (b.min !== undefined && vals.some((v) => v < b.min!)) {
    issues.push({ field, message: `must be ≥ ${b.min} (got ${vals.join(' … ')})` });
  }
  if (b.max !== undefined && vals.some((v) => v > b.max!)) {
    issues.push({
      field,
      message: `must be ≤ ${b.max} (got ${vals.join(' … ')}); fractions are 0 … 1, not percent`,
    });
  }
}

function checkWindow(issues: FieldIssue[], path: string, w: MonthWindow, horizon: number): void {
  for (const f of ['startMonth', 'endMonth'] as const) {
    const v = w[f];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v < horizon)) {
      issues.push({
        field: `${path}.${f}`,
        message: `must be a whole month index 0 … ${horizon - 1} (got ${v})`,
      });
    }
  }
  if (w.startMonth !== undefined && w.endMonth !== undefined && w.endMonth < w.startMonth) {
    issues.push({
      field: `${path}.endMonth`,
      message: `ends (month ${w.endMonth}) before it starts (month ${w.startMonth})`,
    });
  }
}

/** Throws FinanceInputError when anything in the initiative is invalid. */
export function validateInitiative(i: Initiative): void {
  const issues: FieldIssue[] = [];
  const horizon = i.horizonMonths ?? 36;
  if (!(Number.isInteger(horizon) && horizon >= 1 && horizon <= MAX_HORIZON_MONTHS)) {
    issues.push({
      field: 'horizonMonths',
      message: `must be a whole number 1 … ${MAX_HORIZON_MONTHS} (got ${horizon})`,
    });
  }
  const r = i.discountRatePerYear ?? 0.1;
  if (!(Number.isFinite(r) && r >= 0 && r <= MAX_DISCOUNT_RATE_PER_YEAR)) {
    issues.push({
      field: 'discountRatePerYear',
      message: `must be a fraction 0 … ${MAX_DISCOUNT_RATE_PER_YEAR} per year, e.g. 0.1 for 10 % (got ${r})`,
    });
  }
  if (!PHASES.includes(i.phase))
    issues.push({ field: 'phase', message: `must be one of ${PHASES.join(', ')}` });
  if (i.demand) {
    checkEstimate(issues, 'demand.tasksPerMonth', i.demand.tasksPerMonth);
    const d = i.demand;
    for (const f of ['inputTokensPerTask', 'outputTokensPerTask'] as const) {
      const v = d[f];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0))
        issues.push({ field: `demand.${f}`, message: `must be ≥ 0 tokens (got ${v})` });
    }
    if (d.peakToAverage !== undefined && !(Number.isFinite(d.peakToAverage) && d.peakToAverage >= 1)) {
      issues.push({
        field: 'demand.peakToAverage',
        message: `must be ≥ 1 (peak ÷ average; got ${d.peakToAverage})`,
      });
    }
    if (d.pilot) {
      if (!(Number.isFinite(d.pilot.tasksPerMonth) && d.pilot.tasksPerMonth >= 0)) {
        issues.push({
          field: 'demand.pilotTasksPerMonth',
          message: `must be ≥ 0 (got ${d.pilot.tasksPerMonth})`,
        });
      }
      const e = d.pilot.endMonth;
      if (!(Number.isInteger(e) && e >= 0 && e < horizon)) {
        issues.push({
          field: 'demand.pilotEndMonth',
          message: `must be a whole month index 0 … ${horizon - 1} (got ${e})`,
        });
      }
    }
    const g = i.demand.growthPerMonth ?? 0;
    if (!(Number.isFinite(g) && g > -1 && g <= 1)) {
      issues.push({
        field: 'demand.growthPerMonth',
        message: `must be a fraction per month in (−1, 1] (got ${g})`,
      });
    }
  }
  checkServing(issues, i, horizon);
  const home = i.currency ?? 'USD';
  const checkCurrency = (field: string, c: string | undefined) => {
    if (c && c !== home && !((i.fxRates?.[c] ?? 0) > 0)) {
      issues.push({ field, message: `${c} needs a positive fxRates.${c} (units of ${home} per 1 ${c})` });
    }
  };
  const ids = new Set<string>();
  const unique = (path: string, id: string) => {
    if (!id) issues.push({ field: `${path}.id`, message: 'required' });
    else if (ids.has(id))
      issues.push({ field: `${path}.id`, message: `"${id}" is used twice; ids must be unique` });
    ids.add(id);
  };
  i.costItems.forEach((c, n) => {
    const p = `costItems[${c.id || n}]`;
    unique(p, c.id);
    if (!COST_CATEGORIES.includes(c.category)) {
      issues.push({ field: `${p}.category`, message: `must be one of ${COST_CATEGORIES.join(', ')}` });
    }
    if (!PHASES.includes(c.phase))
      issues.push({ field: `${p}.phase`, message: `must be one of ${PHASES.join(', ')}` });
    if (!['one-time', 'monthly', 'annual'].includes(c.recurrence)) {
      issues.push({ field: `${p}.recurrence`, message: 'must be one-time, monthly or annual' });
    }
    // Any sign: a credit or refund is a negative cost (FOCUS Credit and Adjustment rows).
    checkEstimate(issues, `${p}.amount`, c.amount, {});
    checkCurrency(`${p}.currency`, c.currency);
    checkWindow(issues, p, c, horizon);
    if (c.riskUpliftFraction !== undefined && !(c.riskUpliftFraction >= 0 && c.riskUpliftFraction <= 1)) {
      issues.push({
        field: `${p}.riskUpliftFraction`,
        message: `must be 0 … 1 (got ${c.riskUpliftFraction})`,
      });
    }
  });
  const fraction: Bounds = { min: 0, max: 1 };
  i.valueStreams.forEach((s, n) => {
    const p = `valueStreams[${s.id || n}]`;
    unique(p, s.id);
    if (!VALUE_STREAM_KINDS.includes(s.kind)) {
      issues.push({ field: `${p}.kind`, message: `must be one of ${VALUE_STREAM_KINDS.join(', ')}` });
      return;
    }
    if (!PHASES.includes(s.phase))
      issues.push({ field: `${p}.phase`, message: `must be one of ${PHASES.join(', ')}` });
    checkCurrency(`${p}.currency`, s.currency);
    checkWindow(issues, p, s, horizon);
    if (s.haircutFraction !== undefined)
      checkEstimate(issues, `${p}.haircutFraction`, s.haircutFraction, fraction);
    if (s.adoption) {
      checkEstimate(issues, `${p}.adoption.maxFraction`, s.adoption.maxFraction, fraction);
      if (!(s.adoption.steepnessPerMonth > 0)) {
        issues.push({ field: `${p}.adoption.steepnessPerMonth`, message: 'must be > 0 (per month)' });
      }
      if (!Number.isFinite(s.adoption.midpointMonth)) {
        issues.push({ field: `${p}.adoption.midpointMonth`, message: 'must be a month index' });
      }
    }
    const f = (name: string, v: unknown, b?: Bounds) => checkEstimate(issues, `${p}.${name}`, v, b);
    switch (s.kind) {
      case 'productivity':
        f('timeSavedHoursPerTask', s.timeSavedHoursPerTask, {});
        f('tasksPerMonth', s.tasksPerMonth);
        f('loadedRatePerHour', s.loadedRatePerHour);
        f('recaptureFraction', s.recaptureFraction, fraction);
        break;
      case 'quality':
        f('defectsAvoidedPerMonth', s.defectsAvoidedPerMonth);
        f('costPerDefect', s.costPerDefect);
        break;
      case 'revenue':
        f('conversionUpliftFraction', s.conversionUpliftFraction, {});
        f('volumePerMonth', s.volumePerMonth);
        f('marginPerConversion', s.marginPerConversion, {});
        break;
      case 'cost-avoidance':
        f('amountPerMonth', s.amountPerMonth, {});
        break;
      case 'risk-reduction':
        f('annualProbabilityReduction', s.annualProbabilityReduction, fraction);
        f('lossPerIncident', s.lossPerIncident);
        break;
    }
  });
  if (issues.length > 0) throw new FinanceInputError(issues);
}

/** The serving plan and the "not applicable" reasons of the phase guard. */
function checkServing(issues: FieldIssue[], i: Initiative, horizon: number): void {
  for (const [key, reason] of Object.entries(i.notApplicable ?? {})) {
    if (!(PRODUCTION_COST_KEYS as readonly string[]).includes(key)) {
      issues.push({
        field: `notApplicable.${key}`,
        message: `must be one of ${PRODUCTION_COST_KEYS.join(', ')}`,
      });
    } else if (typeof reason !== 'string' || reason.trim() === '') {
      issues.push({
        field: `notApplicable.${key}`,
        message: 'needs a reason (why no production cost is due)',
      });
    }
  }
  const s = i.serving;
  if (!s) return;
  if (!i.demand) {
    issues.push({
      field: 'serving',
      message: 'needs the demand it serves (tasks per month, tokens per task)',
    });
  }
  if (!COST_CATEGORIES.includes(s.category)) {
    issues.push({ field: 'serving.category', message: `must be one of ${COST_CATEGORIES.join(', ')}` });
  }
  if (!PHASES.includes(s.phase))
    issues.push({ field: 'serving.phase', message: `must be one of ${PHASES.join(', ')}` });
  checkWindow(issues, 'serving', { startMonth: s.startMonth }, horizon);
  const nonNegative = (field: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0))
      issues.push({ field: `serving.${field}`, message: `must be ≥ 0 (got ${v})` });
  };
  nonNegative('oneTimeCost', s.oneTimeCost);
  if (s.kind === 'api') {
    nonNegative('inputCostPerMtok', s.inputCostPerMtok);
    nonNegative('outputCostPerMtok', s.outputCostPerMtok);
    return;
  }
  nonNegative('hourlyCostPerDevice', s.hourlyCostPerDevice);
  nonNegative('headroomFraction', s.headroomFraction);
  const tps = s.tokensPerSecondPerDevice;
  const err = rangeError('serving.tokensPerSecondPerDevice', tps);
  const low = typeof tps === 'number' ? tps : tps.low;
  if (err) issues.push({ field: 'serving.tokensPerSecondPerDevice', message: err });
  else if (!(low > 0)) {
    issues.push({
      field: 'serving.tokensPerSecondPerDevice',
      message: `must be > 0 output tokens/s (got ${low}); an option with no operating point meeting the SLO cannot serve`,
    });
  }
}
