import type { FinanceService } from '../src/finance-api/finance.service';
import type { EstimateInput, NamedEstimateInput } from '../src/finance-api/finance.inputs';
import {
  CostCategory,
  CostRecurrence,
  DeploymentKind,
  Distribution,
  FinancePhase,
  ObservationArm,
  RentalPricing,
  ValueStreamKind,
} from '../src/finance-api/finance.enums';
import { USE_CASES, type UseCase } from './demo-use-cases';

// Realistic demo initiatives for `npm run seed:demo` (seed-demo.ts) and the web UI's browser tests,
// written through the finance services, so every row passes the same checks as a GraphQL mutation.
// Deterministic for a given random source. Amounts in USD, months 0-based.

const PHASE_CYCLE = [
  FinancePhase.PILOT,
  FinancePhase.INTEGRATION,
  FinancePhase.OPTIMIZATION,
  FinancePhase.PRODUCTION,
];

const cents = (x: number) => Math.round(x * 100) / 100;

/** A range ± `spread` around `likely` (skewed up by `skew`), rounded to cents. */
function around(likely: number, spread: number, skew = 1): EstimateInput {
  return {
    low: cents(likely * (1 - spread)),
    likely: cents(likely),
    high: cents(likely * (1 + spread * skew)),
  };
}

/** Normal(mean, sd) by Box-Muller from a uniform source. */
function normal(u: () => number, mean: number, sd: number): number {
  const a = Math.max(u(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

const named = (params: Record<string, EstimateInput | number>): NamedEstimateInput[] =>
  Object.entries(params).map(([name, v]) => ({ name, value: typeof v === 'number' ? { likely: v } : v }));

/** Ids of the stored demo hardware and models, for the self-hosted deployment options. */
export interface DemoDeploymentTargets {
  selfHostedProfileId: string;
  selfHostedProfileName: string;
  model: string;
  quantization: string;
  scenario: string;
}

/**
 * Writes `count` initiatives (cycling through 20 use cases) with demand, three deployment options,
 * eight to ten cost items across the TCO categories, two to four value streams (the productivity
 * one taking its time saved from a time study of 24 + 24 observations). Returns the initiative ids.
 */
export async function writeDemoInitiatives(
  finance: FinanceService,
  count: number,
  u: () => number,
  target: DemoDeploymentTargets,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const useCase = USE_CASES[i % USE_CASES.length]!;
    const suffix = i >= USE_CASES.length ? ` #${Math.floor(i / USE_CASES.length) + 1}` : '';
    const initiative = await finance.initiatives.create({
      name: useCase.name + suffix,
      description: `GenAI assistance to ${useCase.task}.`,
      owner: useCase.owner,
      phase: PHASE_CYCLE[i % PHASE_CYCLE.length]!,
      horizonMonths: 36,
      discountRatePerYear: [0.08, 0.1, 0.12][i % 3]!,
      currency: 'USD',
      startDate: new Date(Date.UTC(2026, i % 12, 1)),
    });
    ids.push(initiative.id);
    await finance.initiatives.setDemand({
      initiativeId: initiative.id,
      tasksPerMonth: useCase.tasksPerMonth,
      inputTokensPerTask: useCase.inputTokens,
      outputTokensPerTask: useCase.outputTokens,
      peakToAverage: 2 + (i % 3),
      growthPerMonth: 0.01 + (i % 4) * 0.005,
      sloE2eMs: 20_000,
      // Demand is uncertain (± 20 %); the pilot served 5 % of it in months 1–3.
      tasksPerMonthLow: Math.round(useCase.tasksPerMonth * 0.8),
      tasksPerMonthHigh: Math.round(useCase.tasksPerMonth * 1.2),
      pilotTasksPerMonth: Math.round(useCase.tasksPerMonth * 0.05),
      pilotEndMonth: 2,
    });
    await writeOptions(finance, initiative.id, target, i);
    await writeCostItems(finance, initiative.id, useCase.tasksPerMonth / 10_000, i);
    const studyId = await writeTimeStudy(finance, initiative.id, useCase, u);
    await writeValueStreams(finance, initiative.id, useCase, studyId, i);
  }
  return ids;
}

/**
 * Three ways to serve the demand, all from month 6 (production): the self-hosted option's throughput
 * comes from the stored runs (best run meeting the SLO) ± 10 %; every fifth initiative's analyst picks
 * the API, the others take the recommendation's rank 1.
 */
async function writeOptions(
  finance: FinanceService,
  initiativeId: string,
  t: DemoDeploymentTargets,
  i: number,
) {
  const common = { initiativeId, phase: FinancePhase.PRODUCTION, startMonth: 6, headroomFraction: 0.2 };
  await finance.deploymentOptions.create({
    ...common,
    name: `Self-hosted ${t.selfHostedProfileName} · ${t.model} · ${t.quantization}`,
    kind: DeploymentKind.SELF_HOSTED,
    hardwareProfileId: t.selfHostedProfileId,
    model: t.model,
    quantization: t.quantization,
    scenario: t.scenario,
    pricing: RentalPricing.RESERVED,
    oneTimeCost: 15_000,
    throughputUncertaintyFraction: 0.1,
  });
  await finance.deploymentOptions.create({
    ...common,
    name: 'Cloud L40S on demand',
    kind: DeploymentKind.CLOUD_GPU,
    pricing: RentalPricing.ON_DEMAND,
    pricePerHour: 1.86,
    tokensPerSecondAtSlo: 900,
    latencyAtSloMs: 9_000,
  });
  const api = await finance.deploymentOptions.create({
    ...common,
    name: 'API provider (mid-tier model)',
    kind: DeploymentKind.API,
    inputCostPerMtok: 3,
    outputCostPerMtok: 15,
    latencyAtSloMs: 6_000,
  });
  if (i % 5 === 3) await finance.initiatives.selectDeploymentOption({ initiativeId, optionId: api.id });
}

interface CostTemplate {
  name: string;
  category: CostCategory;
  phase: FinancePhase;
  recurrence: CostRecurrence;
  /** Likely amount per occurrence at scale 1. */
  amount: number;
  startMonth: number;
  endMonth: number | null;
  /** Which initiatives (by index) carry it; default all. */
  when?: (i: number) => boolean;
}

const cost = (
  name: string,
  category: CostCategory,
  phase: FinancePhase,
  recurrence: CostRecurrence,
  amount: number,
  startMonth: number,
  endMonth: number | null = null,
  when?: (i: number) => boolean,
): CostTemplate => ({
  name,
  category,
  phase,
  recurrence,
  amount,
  startMonth,
  endMonth,
  ...(when ? { when } : {}),
});

const { PILOT, INTEGRATION, OPTIMIZATION, PRODUCTION } = FinancePhase;
const { MONTHLY, ANNUAL, ONE_TIME } = CostRecurrence;

/**
 * The hand-entered costs (production inference is the serving line of the selected option, not an item).
 * Production carries every TCO category, except that every fifth initiative lacks security monitoring
 * — its phase guard says so and its headline leaves out the production value.
 */
const COST_TEMPLATE: CostTemplate[] = [
  cost('Pilot GPU rental', CostCategory.INFRASTRUCTURE, PILOT, MONTHLY, 2_500, 0, 2),
  cost('Gateway, logging and observability', CostCategory.INFRASTRUCTURE, PRODUCTION, MONTHLY, 600, 6),
  cost('Vector database licence', CostCategory.SOFTWARE, PRODUCTION, ANNUAL, 18_000, 6),
  cost('ML engineer (0.5 FTE)', CostCategory.PERSONNEL, INTEGRATION, MONTHLY, 7_500, 0, 5),
  cost('Data pipeline build', CostCategory.DATA_ENGINEERING, INTEGRATION, ONE_TIME, 45_000, 3),
  cost('Security review and red-teaming', CostCategory.SECURITY_COMPLIANCE, INTEGRATION, ONE_TIME, 25_000, 4),
  cost('Training and change management', CostCategory.CHANGE_MANAGEMENT, PRODUCTION, ONE_TIME, 30_000, 6),
  cost('LLMOps on-call (0.25 FTE)', CostCategory.PERSONNEL, PRODUCTION, MONTHLY, 3_500, 6),
  cost('Index refresh and eval data', CostCategory.DATA_ENGINEERING, PRODUCTION, MONTHLY, 1_500, 6),
  cost(
    'Security monitoring',
    CostCategory.SECURITY_COMPLIANCE,
    PRODUCTION,
    MONTHLY,
    1_200,
    6,
    null,
    (i) => i % 5 !== 2,
  ),
  cost(
    'Prompt and eval maintenance',
    CostCategory.PERSONNEL,
    OPTIMIZATION,
    MONTHLY,
    2_000,
    9,
    null,
    (i) => i % 2 === 0,
  ),
];

async function writeCostItems(finance: FinanceService, initiativeId: string, scale: number, i: number) {
  for (const [k, c] of COST_TEMPLATE.entries()) {
    if (c.when && !c.when(i)) continue;
    const scaled = Math.round(
      c.amount * (c.category === CostCategory.INFRASTRUCTURE ? Math.max(0.3, scale) : 1),
    );
    const ranged = k % 2 === 0;
    await finance.costItems.create({
      initiativeId,
      name: c.name,
      category: c.category,
      phase: c.phase,
      recurrence: c.recurrence,
      amount: ranged
        ? {
            ...around(scaled, 0.2, 1.5),
            likely: scaled,
            distribution: k % 4 === 0 ? Distribution.PERT : Distribution.TRIANGULAR,
          }
        : { likely: scaled },
      currency: 'USD',
      startMonth: c.startMonth,
      endMonth: c.endMonth,
      riskUpliftFraction: c.category === CostCategory.DATA_ENGINEERING ? 0.15 : 0.05,
    });
  }
}

async function writeTimeStudy(
  finance: FinanceService,
  initiativeId: string,
  useCase: UseCase,
  u: () => number,
) {
  const study = await finance.timeStudies.create({
    initiativeId,
    name: `${useCase.name}: stopwatch study`,
    task: useCase.task,
  });
  const observations = [];
  for (const [arm, mean] of [
    [ObservationArm.BEFORE, useCase.beforeMinutes],
    [ObservationArm.AFTER, useCase.afterMinutes],
  ] as const) {
    for (let k = 0; k < 24; k++) {
      const minutes = Math.max(0.5, normal(u, mean, mean * 0.25));
      observations.push({
        arm,
        minutes: Math.round(minutes * 10) / 10,
        observer: ['A. Rivera', 'K. Osei', 'M. Lindqvist'][k % 3]!,
        observedAt: new Date(Date.UTC(2026, 0, 5 + k)),
      });
    }
  }
  await finance.timeStudies.addObservations({ studyId: study.id, observations });
  return study.id;
}

async function writeValueStreams(
  finance: FinanceService,
  initiativeId: string,
  useCase: UseCase,
  studyId: string,
  i: number,
) {
  const stream = (
    name: string,
    kind: ValueStreamKind,
    params: Record<string, EstimateInput | number>,
    extra: {
      timeStudyId?: string;
      adoption?: { maxFraction: EstimateInput; steepnessPerMonth: number; midpointMonth: number };
    } = {},
  ) =>
    finance.valueStreams.create({
      initiativeId,
      name,
      kind,
      phase: FinancePhase.PRODUCTION,
      params: named(params),
      haircut: { low: 0.1, likely: 0.2, high: 0.3 },
      currency: 'USD',
      startMonth: 6,
      ...extra,
    });
  await stream(
    'Time saved per task',
    ValueStreamKind.PRODUCTIVITY,
    {
      tasksPerMonth: around(useCase.tasksPerMonth, 0.15),
      loadedRatePerHour: useCase.loadedRatePerHour,
      recaptureFraction: { low: 0.3, likely: 0.5, high: 0.7 },
    },
    {
      timeStudyId: studyId,
      adoption: { maxFraction: around(0.8, 0.15), steepnessPerMonth: 0.5, midpointMonth: 10 },
    },
  );
  await stream('Fewer escalations and rework', ValueStreamKind.QUALITY, {
    defectsAvoidedPerMonth: around(Math.max(5, useCase.tasksPerMonth * 0.004), 0.4),
    costPerDefect: around(120, 0.3),
  });
  if (i % 3 === 0) {
    await stream('Avoided outsourcing contract', ValueStreamKind.COST_AVOIDANCE, {
      amountPerMonth: around(8_000, 0.25),
    });
  }
  if (i % 5 === 1) {
    await stream('Lower regulatory breach risk', ValueStreamKind.RISK_REDUCTION, {
      annualProbabilityReduction: { low: 0.01, likely: 0.03, high: 0.05 },
      lossPerIncident: around(400_000, 0.5),
    });
  }
}
