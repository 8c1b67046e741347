/**
 * Phase guard: flags the classic flawed pilot ROI study — one phase's costs set against another
 * phase's value (a pilot's cost against a fully integrated system's value), FINANCE.md "Phases".
 */
import { PHASES, type Phase } from './model.js';

/** Present value of costs and benefits that belong to one phase. */
export interface PhaseTotals {
  phase: Phase;
  pvCosts: number;
  pvBenefits: number;
}

export interface PhaseGuardFinding {
  /** 'mismatch': value from a phase whose costs are not counted (or costs with no value at all). */
  kind: 'value-without-cost' | 'cost-without-value';
  phase: Phase;
  explanation: string;
}

export interface PhaseGuardResult {
  /** True when the comparison is like for like (every phase with value also carries its costs). */
  likeForLike: boolean;
  findings: PhaseGuardFinding[];
  /** The phases whose costs and whose value the figures include. */
  costPhases: Phase[];
  valuePhases: Phase[];
}

/**
 * Checks that costs and value come from the same phases.
 *
 * A phase that contributes value but no cost is flagged (e.g. production-scale productivity set
 * against pilot costs only: the integration and run costs that the value needs are missing). A later
 * phase that carries cost but no value is flagged too, milder: value may be under-stated.
 * Example: totals [{ pilot, pvCosts 50k, pvBenefits 0 }, { production, pvCosts 0, pvBenefits 900k }]
 * → likeForLike false, finding { kind: 'value-without-cost', phase: 'production' }.
 */
export function phaseGuard(totals: readonly PhaseTotals[]): PhaseGuardResult {
  const findings: PhaseGuardFinding[] = [];
  const costPhases = PHASES.filter((p) => totals.some((t) => t.phase === p && t.pvCosts > 0));
  const valuePhases = PHASES.filter((p) => totals.some((t) => t.phase === p && t.pvBenefits > 0));
  for (const phase of valuePhases) {
    if (!costPhases.includes(phase)) {
      findings.push({
        kind: 'value-without-cost',
        phase,
        explanation:
          `Value from the ${phase} phase is counted but none of its costs are ` +
          `(costs come only from ${costPhases.join(', ') || 'no phase'}). Comparing one phase's costs with ` +
          `another phase's value overstates ROI — the classic flawed pilot study. Add the ${phase} costs ` +
          `(integration, run, people) or drop its value.`,
      });
    }
  }
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
    likeForLike: findings.every((f) => f.kind !== 'value-without-cost'),
    findings,
    costPhases,
    valuePhases,
  };
}
