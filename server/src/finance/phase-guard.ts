/**
 * Phase guard: flags the classic flawed pilot ROI study — one phase's costs set against another
 * phase's value (a pilot's cost against a fully integrated system's value), docs/finance-formulas.md "ROI conventions" — in
 * a way a label cannot silence:
 *
 * 1. Value from a phase whose costs are not counted at all is flagged (`value-without-cost`).
 * 2. Production value needs the production phase's cost in full: the serving cost (from the selected
 *    deployment option) and each of the six TCO categories must carry production-phase cost or an
 *    explicit "not applicable" with a reason (`production-costs-incomplete`). One $1 item does not do.
 * 3. Value labelled pilot can only be what the pilot serves: the pilot's own demand (tasks per month,
 *    up to its last month). Pilot value after the pilot ends, productivity over more tasks than the
 *    pilot serves, or pilot value with no pilot demand stated is flagged (`pilot-value-exceeds-pilot`).
 * 4. Later-phase costs with no value from that phase are noted, milder (`cost-without-value`).
 *
 * The guard also returns, per benefit line it does not back, a monthly factor (0 … 1): the guarded
 * figures (scorecard.ts) count only the value the counted costs can buy.
 */
import { addLine, type CompiledModel } from './cash-flows.js';
import { PHASES, PRODUCTION_COST_KEYS, type Phase, type ProductionCostKey } from './model.js';

/** Present value of costs and benefits that belong to one phase. */
export interface PhaseTotals {
  phase: Phase;
  pvCosts: number;
  pvBenefits: number;
}

export type PhaseGuardFindingKind =
  'value-without-cost' | 'production-costs-incomplete' | 'pilot-value-exceeds-pilot' | 'cost-without-value';

export interface PhaseGuardFinding {
  kind: PhaseGuardFindingKind;
  phase: Phase;
  explanation: string;
}

/** Whether the production phase carries one cost line the rule asks for. */
export interface ProductionCostCoverage {
  key: ProductionCostKey;
  /** Present value of production-phase cost of this line (the serving line also counts in its category). */
  pvCosts: number;
  notApplicableReason: string | null;
  /** pvCosts > 0, or a reason is given. */
  covered: boolean;
}

/** A benefit line the guard does not back in full: its value is multiplied by `factor` per month. */
export interface ValueCap {
  lineId: string;
  factor: Float64Array;
  reason: string;
}

export interface PhaseGuardResult {
  /** True when no finding blocks a like-for-like comparison (only `cost-without-value` may remain). */
  likeForLike: boolean;
  findings: PhaseGuardFinding[];
  /** The phases whose costs and whose value the figures include. */
  costPhases: Phase[];
  valuePhases: Phase[];
  /** Rule 2 line by line (always listed; it applies when production value is counted). */
  productionCosts: ProductionCostCoverage[];
  caps: ValueCap[];
}

const BLOCKING: readonly PhaseGuardFindingKind[] = [
  'value-without-cost',
  'production-costs-incomplete',
  'pilot-value-exceeds-pilot',
];

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * Checks that costs and value come from the same phases, at the given input values.
 * Example: pilot costs only, and production value of 900k PV → likeForLike false, findings
 * [{ kind: 'value-without-cost', phase: 'production' }], and a cap of 0 on every production stream.
 */
export function phaseGuard(
  model: CompiledModel,
  values: ArrayLike<number>,
  totals: readonly PhaseTotals[],
): PhaseGuardResult {
  const findings: PhaseGuardFinding[] = [];
  const caps: ValueCap[] = [];
  const costPhases = PHASES.filter((p) => totals.some((t) => t.phase === p && t.pvCosts > 0));
  const valuePhases = PHASES.filter((p) => totals.some((t) => t.phase === p && t.pvBenefits > 0));
  const H = model.horizonMonths;
  const capAll = (phase: Phase, reason: string) => {
    for (const line of model.lines) {
      if (line.side === 'benefit' && line.phase === phase)
        caps.push({ lineId: line.id, factor: new Float64Array(H), reason });
    }
  };

  for (const phase of valuePhases) {
    if (costPhases.includes(phase)) continue;
    findings.push({
      kind: 'value-without-cost',
      phase,
      explanation:
        `Value from the ${phase} phase is counted but none of its costs are ` +
        `(costs come only from ${costPhases.join(', ') || 'no phase'}). Comparing one phase's costs with ` +
        `another phase's value overstates ROI — the classic flawed pilot study. Add the ${phase} costs ` +
        `(integration, run, people) or drop its value.`,
    });
    capAll(phase, `no ${phase}-phase cost is counted`);
  }

  const productionCosts = coverage(model, values);
  const missing = productionCosts.filter((c) => !c.covered).map((c) => c.key);
  if (valuePhases.includes('production') && costPhases.includes('production') && missing.length > 0) {
    findings.push({
      kind: 'production-costs-incomplete',
      phase: 'production',
      explanation:
        `Production value is counted, but the production phase carries no ${missing.join(', ')} cost. ` +
        `A production ROI needs the serving cost (select a deployment option) and every TCO category's ` +
        `production cost, or a stated reason why one does not apply.`,
    });
    capAll('production', `production costs incomplete: no ${missing.join(', ')}`);
  }

  pilotCaps(model, values, findings, caps);

  if (valuePhases.length > 0) {
    for (const phase of costPhases) {
      if (!valuePhases.includes(phase) && PHASES.indexOf(phase) > PHASES.indexOf(valuePhases[0]!)) {
        findings.push({
          kind: 'cost-without-value',
          phase,
          explanation:
            `Costs of the ${phase} phase are counted but no value from it: ROI may be understated, ` +
            `or the value streams of the ${phase} phase are missing.`,
        });
      }
    }
  }
  return {
    likeForLike: findings.every((f) => !BLOCKING.includes(f.kind)),
    findings,
    costPhases,
    valuePhases,
    productionCosts,
    caps,
  };
}

/** Production-phase PV per required line; the serving line counts as `serving` and in its category. */
function coverage(model: CompiledModel, values: ArrayLike<number>): ProductionCostCoverage[] {
  const pv = new Map<ProductionCostKey, number>();
  const scratch = new Float64Array(model.horizonMonths);
  for (const line of model.lines) {
    if (line.side !== 'cost' || line.phase !== 'production') continue;
    const v = addLine(model, line, values, scratch);
    const keys = line.source === 'serving' ? ['serving', line.group] : [line.group];
    for (const key of keys) pv.set(key as ProductionCostKey, (pv.get(key as ProductionCostKey) ?? 0) + v);
  }
  const reasons = model.initiative.notApplicable ?? {};
  return PRODUCTION_COST_KEYS.map((key) => {
    const pvCosts = pv.get(key) ?? 0;
    const reason = reasons[key]?.trim() || null;
    return { key, pvCosts, notApplicableReason: reason, covered: pvCosts > 0 || reason !== null };
  });
}

/** Rule 3: value labelled pilot is capped by the pilot's own demand and duration. */
function pilotCaps(
  model: CompiledModel,
  values: ArrayLike<number>,
  findings: PhaseGuardFinding[],
  caps: ValueCap[],
): void {
  const H = model.horizonMonths;
  const pilot = model.initiative.demand?.pilot;
  const growth = model.initiative.demand?.growthPerMonth ?? 0;
  const problems: string[] = [];
  for (const line of model.lines) {
    if (line.side !== 'benefit' || line.phase !== 'pilot') continue;
    if (caps.some((c) => c.lineId === line.id)) continue;
    const amounts = new Float64Array(H);
    const pv = addLine(model, line, values, amounts);
    if (!(pv > 0)) continue;
    const factor = new Float64Array(H).fill(1);
    const why: string[] = [];
    if (!pilot) {
      factor.fill(0);
      why.push('no pilot demand is stated');
    } else {
      const after = [...amounts.keys()].filter((t) => t > pilot.endMonth && (amounts[t] as number) > 0);
      for (const t of after) factor[t] = 0;
      if (after.length > 0)
        why.push(
          `counts value in ${after.length} month(s) after the pilot ends (month ${pilot.endMonth + 1})`,
        );
      if (line.tasksInput !== undefined) {
        let worst = 0;
        for (let t = 0; t <= Math.min(pilot.endMonth, H - 1); t++) {
          const tasks = (values[line.tasksInput] as number) * (1 + growth) ** t;
          if (tasks > pilot.tasksPerMonth * (1 + 1e-9)) {
            factor[t] = Math.min(factor[t] as number, pilot.tasksPerMonth / tasks);
            worst = Math.max(worst, tasks);
          }
        }
        if (worst > 0)
          why.push(`assumes ${fmt(worst)} tasks/month where the pilot serves ${fmt(pilot.tasksPerMonth)}`);
      }
    }
    if (why.length === 0) continue;
    caps.push({ lineId: line.id, factor, reason: `pilot value ${why.join('; ')}` });
    problems.push(`${line.id}: ${why.join('; ')}`);
  }
  if (problems.length === 0) return;
  findings.push({
    kind: 'pilot-value-exceeds-pilot',
    phase: 'pilot',
    explanation:
      `Value labelled pilot exceeds what the pilot can deliver (${problems.join(' · ')}). ` +
      (pilot
        ? `The pilot serves ${fmt(pilot.tasksPerMonth)} tasks/month up to month ${pilot.endMonth + 1}; `
        : 'State the pilot’s own demand (tasks per month and its last month); ') +
      `value beyond it is production value and needs production costs — comparing it with pilot costs is apples to oranges.`,
  });
}
