/**
 * Deployment recommendation: rank deployment options by TCO over the horizon, subject to the latency
 * SLO, and say why each loses. Options are plain data (throughput at the SLO comes from stored
 * benchmark runs; hourly cost of owned hardware from hourly-cost.ts).
 */
import { discountFactors, monthlyRateFromAnnual } from './discounting.js';
import { monthlyDeviceCost, planCapacity } from './inference-cost.js';

interface OptionBase {
  /** Display name, e.g. "2× H100 · Llama-3.1-70B · fp8". */
  name: string;
  /** Measured latency at the operating point (same percentile as the SLO), ms; omit when unknown. */
  latencyAtSloMs?: number;
  /** One-time cost (setup, migration) in month 0. Default 0. */
  oneTimeCost?: number;
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
  name: string;
  kind: DeploymentOption['kind'];
  feasible: boolean;
  /** Present value of the horizon's cost on the allocation basis; null when infeasible. */
  tcoPresentValue: number | null;
  /** Most devices needed in any month (device options). */
  peakDevices: number | null;
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
  const g = demand.growthPerMonth ?? 0;
  const rows: RankedOption[] = options.map((o) => {
    const base = { name: o.name, kind: o.kind, rank: null };
    if (o.latencyAtSloMs !== undefined && o.latencyAtSloMs > demand.latencySloMs) {
      return {
        ...base,
        feasible: false,
        tcoPresentValue: null,
        peakDevices: null,
        reason: `latency ${o.latencyAtSloMs} ms exceeds the SLO of ${demand.latencySloMs} ms`,
      };
    }
    let pv = o.oneTimeCost ?? 0;
    let peakDevices: number | null = null;
    if (o.kind === 'api') {
      const perTask =
        (demand.inputTokensPerTask * o.inputCostPerMtok + demand.outputTokensPerTask * o.outputCostPerMtok) /
        1e6;
      for (let t = 0; t < H; t++) pv += demand.tasksPerMonth * (1 + g) ** t * perTask * (d[t] as number);
    } else {
      if (!(o.tokensPerSecondAtSlo && o.tokensPerSecondAtSlo > 0)) {
        return {
          ...base,
          feasible: false,
          tcoPresentValue: null,
          peakDevices: null,
          reason: `no measured operating point meets the ${demand.latencySloMs} ms SLO`,
        };
      }
      peakDevices = 0;
      for (let t = 0; t < H; t++) {
        const tasks = demand.tasksPerMonth * (1 + g) ** t;
        const plan = planCapacity({
          tasksPerMonth: tasks,
          tokensPerTask: demand.outputTokensPerTask,
          peakToAverage: demand.peakToAverage,
          tokensPerSecondPerDevice: o.tokensPerSecondAtSlo,
          headroomFraction: demand.headroomFraction,
        });
        peakDevices = Math.max(peakDevices, plan.devices);
        const cost = monthlyDeviceCost(
          plan.devices,
          o.hourlyCostPerDevice,
          tasks * demand.outputTokensPerTask,
          o.tokensPerSecondAtSlo,
        );
        pv += cost.allocationBasis * (d[t] as number);
      }
    }
    return { ...base, feasible: true, tcoPresentValue: pv, peakDevices, reason: null };
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
