/**
 * Deployment recommendation: rank deployment options by TCO over the horizon, subject to the latency
 * SLO, and say why each loses. Options are plain data (throughput at the SLO comes from stored
 * benchmark runs; hourly cost of owned hardware from hourly-cost.ts).
 */
import { discountFactors, monthlyRateFromAnnual } from './discounting.js';
import type { Demand, Phase, ServingPlan } from './model.js';
import { servingSchedule } from './serving.js';

interface OptionBase {
  /** Stable id (the stored option's); default the name. */
  id?: string;
  /** Display name, e.g. "2× H100 · Llama-3.1-70B · fp8". */
  name: string;
  /** Phase of the serving cost it produces; default production. */
  phase?: Phase;
  /** First month index it serves; default 0 (its setup cost falls then). */
  startMonth?: number;
  /** Measured latency at the operating point (same percentile as the SLO), ms; omit when unknown. */
  latencyAtSloMs?: number;
  /** One-time cost (setup, migration) in its start month. Default 0. */
  oneTimeCost?: number;
  /** Set when the option cannot be priced at all (e.g. no hardware price): it is infeasible, with this reason. */
  unavailableReason?: string;
}

/** Owned hardware: hourly cost per device from hourly-cost.ts. */
export interface SelfHostedOption extends OptionBase {
  kind: 'self-hosted';
  /** Output tokens/s of one device at the latency SLO; null when no measured operating point meets it. */
  tokensPerSecondAtSlo: number | null;
  hourlyCostPerDevice: number;
}

/** Cloud GPU rental, on-demand or reserved hourly price per instance. */
export interface CloudGpuOption extends OptionBase {
  kind: 'cloud-gpu';
  pricing: 'on-demand' | 'reserved';
  tokensPerSecondAtSlo: number | null;
  hourlyCostPerDevice: number;
}

/** An API provider priced per million input and output tokens. */
export interface ApiOption extends OptionBase {
  kind: 'api';
  inputCostPerMtok: number;
  outputCostPerMtok: number;
}

export type DeploymentOption = SelfHostedOption | CloudGpuOption | ApiOption;

export interface DeploymentDemand {
  tasksPerMonth: number;
  inputTokensPerTask: number;
  outputTokensPerTask: number;
  peakToAverage: number;
  growthPerMonth?: number;
  /** Latency SLO, ms (compared with each option's `latencyAtSloMs`). */
  latencySloMs: number;
  horizonMonths?: number;
  discountRatePerYear?: number;
  /** Headroom over peak for device options, default 0.2. */
  headroomFraction?: number;
}

export interface RankedOption {
  /** The option's id (its name when it has none). */
  id: string;
  name: string;
  kind: DeploymentOption['kind'];
  feasible: boolean;
  /** Present value of the horizon's cost on the allocation basis; null when infeasible. */
  tcoPresentValue: number | null;
  /** Most devices needed in any month (device options). */
  peakDevices: number | null;
  /** Device options: Σ output tokens ÷ Σ capacity of the provisioned devices over the horizon. */
  averageUtilisation: number | null;
  /** Per million output tokens if the devices were never idle (an API: its price at the demand's mix). */
  costPerMtokAtFullUtilisation: number | null;
  /** Per million output tokens at the plan's utilisation, allocation basis (setup excluded). */
  realisedCostPerMtok: number | null;
  /** 1-based rank among feasible options; null when infeasible. */
  rank: number | null;
  /** Why it is not the recommendation (null for the winner). */
  reason: string | null;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * Ranks options by TCO (present value over the horizon, allocation basis) among those meeting the SLO.
 * Device counts follow demand growth month by month (capacity plan with headroom).
 * Example: 1M tasks/month × (1,000 in + 300 out) tokens, an API at $3 / $15 per Mtok costs
 * $7,500/month; a $4/h GPU doing 2,500 tok/s at the SLO needs 1 device, $2,920/month → the GPU wins
 * and the API's reason reads "costs $… more over 36 months (+157 %) than …".
 */
export function recommendDeployment(
  options: readonly DeploymentOption[],
  demand: DeploymentDemand,
): RankedOption[] {
  const H = demand.horizonMonths ?? 36;
  const d = discountFactors(monthlyRateFromAnnual(demand.discountRatePerYear ?? 0.1), H);
  const rows: RankedOption[] = options.map((o) => {
    const base = {
      id: o.id ?? o.name,
      name: o.name,
      kind: o.kind,
      rank: null,
      tcoPresentValue: null,
      peakDevices: null,
      averageUtilisation: null,
      costPerMtokAtFullUtilisation: null,
      realisedCostPerMtok: null,
    };
    if (o.unavailableReason) return { ...base, feasible: false, reason: o.unavailableReason };
    if (o.latencyAtSloMs !== undefined && o.latencyAtSloMs > demand.latencySloMs) {
      return {
        ...base,
        feasible: false,
        reason: `latency ${o.latencyAtSloMs} ms exceeds the SLO of ${demand.latencySloMs} ms`,
      };
    }
    const plan = servingPlanOf(o, demand);
    if (!plan) {
      return {
        ...base,
        feasible: false,
        reason: `no measured operating point meets the ${demand.latencySloMs} ms SLO`,
      };
    }
    const schedule = servingSchedule(plan, demandOf(demand), H);
    const pv = schedule.months.reduce((a, m, t) => a + m.cost * (d[t] as number), 0);
    return {
      ...base,
      feasible: true,
      tcoPresentValue: pv,
      peakDevices: schedule.peakDevices,
      averageUtilisation: schedule.averageUtilisation,
      costPerMtokAtFullUtilisation: schedule.costPerMtokAtFullUtilisation,
      realisedCostPerMtok: schedule.realisedCostPerMtok,
      reason: null,
    };
  });
  const feasible = rows.filter((r) => r.feasible).sort((a, b) => a.tcoPresentValue! - b.tcoPresentValue!);
  const winner = feasible[0];
  feasible.forEach((r, i) => {
    r.rank = i + 1;
    if (i > 0 && winner) {
      const extra = r.tcoPresentValue! - winner.tcoPresentValue!;
      const pct =
        winner.tcoPresentValue! > 0 ? ` (+${Math.round((extra / winner.tcoPresentValue!) * 100)} %)` : '';
      r.reason = `costs ${fmt(extra)} more over ${H} months in present value${pct} than ${winner.name}`;
    }
  });
  return [...feasible, ...rows.filter((r) => !r.feasible)];
}

/** The engine demand of a deployment demand. */
export function demandOf(d: DeploymentDemand): Demand {
  return {
    tasksPerMonth: d.tasksPerMonth,
    growthPerMonth: d.growthPerMonth ?? 0,
    inputTokensPerTask: d.inputTokensPerTask,
    outputTokensPerTask: d.outputTokensPerTask,
    peakToAverage: d.peakToAverage,
  };
}

/**
 * The serving plan an option gives (the serving line of the TCO when it is selected); null when a
 * device option has no throughput meeting the SLO. Devices are infrastructure, an API software
 * (docs/finance-formulas.md), both in the production phase unless the option says otherwise.
 */
export function servingPlanOf(
  o: DeploymentOption,
  demand: Pick<DeploymentDemand, 'headroomFraction'>,
): ServingPlan | null {
  const common = {
    id: o.id ?? o.name,
    name: o.name,
    phase: o.phase ?? 'production',
    startMonth: o.startMonth ?? 0,
    oneTimeCost: o.oneTimeCost ?? 0,
  };
  if (o.kind === 'api') {
    return {
      ...common,
      kind: 'api',
      category: 'software',
      inputCostPerMtok: o.inputCostPerMtok,
      outputCostPerMtok: o.outputCostPerMtok,
    };
  }
  if (!(o.tokensPerSecondAtSlo && o.tokensPerSecondAtSlo > 0)) return null;
  return {
    ...common,
    kind: 'devices',
    category: 'infrastructure',
    hourlyCostPerDevice: o.hourlyCostPerDevice,
    tokensPerSecondPerDevice: o.tokensPerSecondAtSlo,
    ...(demand.headroomFraction === undefined ? {} : { headroomFraction: demand.headroomFraction }),
  };
}
