import type { DrizzleDb } from '../db/duckdb';
import type { Estimate } from '../finance/ranges';
import type { CostCategory, Phase, ValueStreamKind } from '../finance/model';
import * as repo from './finance.repository';

// Realistic demo initiatives for `npm run seed:demo` (server/scripts/seed-demo.ts) and the web UI's
// browser tests. Deterministic for a given random source. Amounts in USD, months 0-based.

/** A named use case with the knobs that make initiatives differ. */
interface UseCase {
  name: string;
  owner: string;
  task: string;
  /** Minutes a task takes today (before) and with the assistant (after), mean. */
  beforeMinutes: number;
  afterMinutes: number;
  tasksPerMonth: number;
  loadedRatePerHour: number;
  inputTokens: number;
  outputTokens: number;
}

const USE_CASES: UseCase[] = [
  {
    name: 'Support assistant',
    owner: 'Customer Care',
    task: 'answer a support ticket',
    beforeMinutes: 14,
    afterMinutes: 9,
    tasksPerMonth: 42_000,
    loadedRatePerHour: 48,
    inputTokens: 1800,
    outputTokens: 350,
  },
  {
    name: 'Contract review',
    owner: 'Legal',
    task: 'first-pass review of an NDA',
    beforeMinutes: 55,
    afterMinutes: 31,
    tasksPerMonth: 900,
    loadedRatePerHour: 140,
    inputTokens: 9000,
    outputTokens: 900,
  },
  {
    name: 'Sales email drafting',
    owner: 'Sales Ops',
    task: 'draft a follow-up email',
    beforeMinutes: 9,
    afterMinutes: 4,
    tasksPerMonth: 25_000,
    loadedRatePerHour: 62,
    inputTokens: 700,
    outputTokens: 250,
  },
  {
    name: 'Code review helper',
    owner: 'Engineering',
    task: 'review a pull request',
    beforeMinutes: 38,
    afterMinutes: 29,
    tasksPerMonth: 6_000,
    loadedRatePerHour: 95,
    inputTokens: 6000,
    outputTokens: 600,
  },
  {
    name: 'Claims triage',
    owner: 'Insurance Ops',
    task: 'triage an incoming claim',
    beforeMinutes: 21,
    afterMinutes: 12,
    tasksPerMonth: 18_000,
    loadedRatePerHour: 44,
    inputTokens: 2500,
    outputTokens: 300,
  },
  {
    name: 'Invoice extraction',
    owner: 'Finance',
    task: 'key an invoice into the ERP',
    beforeMinutes: 7,
    afterMinutes: 2,
    tasksPerMonth: 60_000,
    loadedRatePerHour: 38,
    inputTokens: 1200,
    outputTokens: 200,
  },
  {
    name: 'HR policy Q&A',
    owner: 'People Team',
    task: 'answer a policy question',
    beforeMinutes: 12,
    afterMinutes: 6,
    tasksPerMonth: 4_000,
    loadedRatePerHour: 52,
    inputTokens: 3000,
    outputTokens: 280,
  },
  {
    name: 'Marketing copy variants',
    owner: 'Marketing',
    task: 'write three ad variants',
    beforeMinutes: 30,
    afterMinutes: 14,
    tasksPerMonth: 2_500,
    loadedRatePerHour: 70,
    inputTokens: 800,
    outputTokens: 600,
  },
  {
    name: 'Incident summariser',
    owner: 'SRE',
    task: 'write an incident summary',
    beforeMinutes: 45,
    afterMinutes: 20,
    tasksPerMonth: 300,
    loadedRatePerHour: 105,
    inputTokens: 12_000,
    outputTokens: 800,
  },
  {
    name: 'Meeting notes',
    owner: 'Workplace IT',
    task: 'write up meeting notes',
    beforeMinutes: 15,
    afterMinutes: 5,
    tasksPerMonth: 30_000,
    loadedRatePerHour: 58,
    inputTokens: 5000,
    outputTokens: 400,
  },
  {
    name: 'KYC document check',
    owner: 'Compliance',
    task: 'check a KYC file',
    beforeMinutes: 26,
    afterMinutes: 17,
    tasksPerMonth: 8_000,
    loadedRatePerHour: 55,
    inputTokens: 4000,
    outputTokens: 250,
  },
  {
    name: 'Product description writer',
    owner: 'E-commerce',
    task: 'write a product description',
    beforeMinutes: 18,
    afterMinutes: 6,
    tasksPerMonth: 12_000,
    loadedRatePerHour: 40,
    inputTokens: 600,
    outputTokens: 450,
  },
  {
    name: 'Translation post-editing',
    owner: 'Localisation',
    task: 'translate 500 words',
    beforeMinutes: 40,
    afterMinutes: 22,
    tasksPerMonth: 5_000,
    loadedRatePerHour: 50,
    inputTokens: 900,
    outputTokens: 900,
  },
  {
    name: 'Field service diagnostics',
    owner: 'Field Ops',
    task: 'diagnose a reported fault',
    beforeMinutes: 33,
    afterMinutes: 27,
    tasksPerMonth: 7_000,
    loadedRatePerHour: 65,
    inputTokens: 3500,
    outputTokens: 500,
  },
  {
    name: 'Procurement RFP scoring',
    owner: 'Procurement',
    task: 'score an RFP answer',
    beforeMinutes: 70,
    afterMinutes: 45,
    tasksPerMonth: 400,
    loadedRatePerHour: 85,
    inputTokens: 15_000,
    outputTokens: 1200,
  },
  {
    name: 'Clinical letter drafting',
    owner: 'Clinical Admin',
    task: 'draft a discharge letter',
    beforeMinutes: 25,
    afterMinutes: 13,
    tasksPerMonth: 9_000,
    loadedRatePerHour: 60,
    inputTokens: 3000,
    outputTokens: 700,
  },
  {
    name: 'Data catalogue tagging',
    owner: 'Data Platform',
    task: 'document a table',
    beforeMinutes: 20,
    afterMinutes: 8,
    tasksPerMonth: 1_500,
    loadedRatePerHour: 90,
    inputTokens: 2000,
    outputTokens: 400,
  },
  {
    name: 'Collections outreach',
    owner: 'Credit',
    task: 'prepare a collections call',
    beforeMinutes: 11,
    afterMinutes: 7,
    tasksPerMonth: 20_000,
    loadedRatePerHour: 36,
    inputTokens: 1500,
    outputTokens: 300,
  },
  {
    name: 'Security alert triage',
    owner: 'SecOps',
    task: 'triage a SIEM alert',
    beforeMinutes: 16,
    afterMinutes: 10,
    tasksPerMonth: 35_000,
    loadedRatePerHour: 80,
    inputTokens: 2200,
    outputTokens: 250,
  },
  {
    name: 'Internal search answers',
    owner: 'Knowledge Mgmt',
    task: 'find an answer in the wiki',
    beforeMinutes: 10,
    afterMinutes: 4,
    tasksPerMonth: 50_000,
    loadedRatePerHour: 57,
    inputTokens: 4000,
    outputTokens: 300,
  },
];

const PHASE_CYCLE: Phase[] = ['pilot', 'integration', 'optimization', 'production'];

/** A range ± `spread` around `likely` (skewed up by `skew`), rounded to cents. */
function around(likely: number, spread: number, skew = 1): Estimate {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { low: r(likely * (1 - spread)), likely: r(likely), high: r(likely * (1 + spread * skew)) };
}

/** Normal(mean, sd) by Box-Muller from a uniform source. */
function normal(u: () => number, mean: number, sd: number): number {
  const a = Math.max(u(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

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
 * six to eight cost items across the TCO categories, two or three value streams (the productivity
 * one taking its time saved from a time study of 24 + 24 observations), inside the caller's transaction.
 * Returns the initiative ids.
 */
export async function writeDemoInitiatives(
  db: DrizzleDb,
  count: number,
  u: () => number,
  target: DemoDeploymentTargets,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const useCase = USE_CASES[i % USE_CASES.length]!;
    const suffix = i >= USE_CASES.length ? ` #${Math.floor(i / USE_CASES.length) + 1}` : '';
    const phase = PHASE_CYCLE[i % PHASE_CYCLE.length]!;
    const scale = useCase.tasksPerMonth / 10_000;
    const initiative = await repo.insertInitiative(db, {
      name: useCase.name + suffix,
      description: `GenAI assistance to ${useCase.task}.`,
      owner: useCase.owner,
      phase,
      horizonMonths: 36,
      discountRatePerYear: [0.08, 0.1, 0.12][i % 3]!,
      currency: 'USD',
      startDate: new Date(Date.UTC(2026, i % 12, 1)),
    });
    ids.push(initiative.id);
    await repo.upsertDemand(db, {
      initiativeId: initiative.id,
      tasksPerMonth: useCase.tasksPerMonth,
      inputTokensPerTask: useCase.inputTokens,
      outputTokensPerTask: useCase.outputTokens,
      peakToAverage: 2 + (i % 3),
      growthPerMonth: 0.01 + (i % 4) * 0.005,
      sloPercentile: 'P99',
      sloTtftMs: null,
      sloTpotMs: null,
      sloE2eMs: 20_000,
    });
    await writeOptions(db, initiative.id, target);
    await writeCostItems(db, initiative.id, scale, i);
    const study = await writeTimeStudy(db, initiative.id, useCase, u);
    await writeValueStreams(db, initiative.id, useCase, study, i);
  }
  return ids;
}

async function writeOptions(db: DrizzleDb, initiativeId: string, t: DemoDeploymentTargets) {
  const base = {
    initiativeId,
    hardwareProfileId: null,
    model: null,
    quantization: null,
    scenario: null,
    pricing: null,
    pricePerHour: null,
    tokensPerSecondAtSlo: null,
    latencyAtSloMs: null,
    inputCostPerMtok: null,
    outputCostPerMtok: null,
    oneTimeCost: null,
    headroomFraction: null,
  };
  await repo.insertChildren(db, 'deploymentOption', [
    {
      ...base,
      name: `Self-hosted ${t.selfHostedProfileName} · ${t.model} · ${t.quantization}`,
      kind: 'SELF_HOSTED',
      hardwareProfileId: t.selfHostedProfileId,
      model: t.model,
      quantization: t.quantization,
      scenario: t.scenario,
      pricing: 'RESERVED',
      oneTimeCost: 15_000,
      headroomFraction: 0.2,
    },
    {
      ...base,
      name: 'Cloud L40S on demand',
      kind: 'CLOUD_GPU',
      pricing: 'ON_DEMAND',
      pricePerHour: 1.86,
      tokensPerSecondAtSlo: 900,
      latencyAtSloMs: 9_000,
      headroomFraction: 0.2,
    },
    {
      ...base,
      name: 'API provider (mid-tier model)',
      kind: 'API',
      inputCostPerMtok: 3,
      outputCostPerMtok: 15,
      latencyAtSloMs: 6_000,
    },
  ]);
}

/** [name, category, phase, recurrence, likely amount per occurrence at scale 1, start, end]. */
const COST_TEMPLATE: [
  string,
  CostCategory,
  Phase,
  'one-time' | 'monthly' | 'annual',
  number,
  number,
  number | null,
][] = [
  ['Pilot GPU rental', 'infrastructure', 'pilot', 'monthly', 2_500, 0, 2],
  ['Production inference', 'infrastructure', 'production', 'monthly', 6_000, 6, null],
  ['Vector database licence', 'software', 'production', 'annual', 18_000, 6, null],
  ['ML engineer (0.5 FTE)', 'personnel', 'integration', 'monthly', 7_500, 0, null],
  ['Data pipeline build', 'data-engineering', 'integration', 'one-time', 45_000, 3, null],
  ['Security review and red-teaming', 'security-compliance', 'integration', 'one-time', 25_000, 4, null],
  ['Training and change management', 'change-management', 'production', 'one-time', 30_000, 6, null],
  ['Prompt and eval maintenance', 'personnel', 'optimization', 'monthly', 2_000, 9, null],
];

async function writeCostItems(db: DrizzleDb, initiativeId: string, scale: number, i: number) {
  const rows: repo.NewCostItem[] = COST_TEMPLATE.filter((_, k) => k < 6 || (i + k) % 2 === 0).map(
    ([name, category, phase, recurrence, amount, startMonth, endMonth], k) => {
      const scaled = Math.round(amount * (category === 'infrastructure' ? Math.max(0.3, scale) : 1));
      const ranged = k % 2 === 0;
      const range = around(scaled, 0.2, 1.5);
      return {
        initiativeId,
        name,
        category,
        phase,
        recurrence,
        amountLow: ranged && typeof range !== 'number' ? range.low : null,
        amountLikely: scaled,
        amountHigh: ranged && typeof range !== 'number' ? range.high : null,
        distribution: ranged ? (k % 4 === 0 ? 'pert' : 'triangular') : null,
        currency: 'USD',
        startMonth,
        endMonth,
        riskUpliftFraction: category === 'data-engineering' ? 0.15 : 0.05,
        source: 'MANUAL',
        billedCost: null,
      };
    },
  );
  await repo.insertChildren(db, 'costItem', rows);
}

async function writeTimeStudy(db: DrizzleDb, initiativeId: string, useCase: UseCase, u: () => number) {
  const study = await repo.insertChild(db, 'timeStudy', {
    initiativeId,
    name: `${useCase.name}: stopwatch study`,
    task: useCase.task,
  });
  const observations: repo.NewTimeObservation[] = [];
  for (const [arm, mean] of [
    ['BEFORE', useCase.beforeMinutes],
    ['AFTER', useCase.afterMinutes],
  ] as const) {
    for (let k = 0; k < 24; k++) {
      const minutes = Math.max(0.5, normal(u, mean, mean * 0.25));
      observations.push({
        studyId: study.id,
        arm,
        minutes: Math.round(minutes * 10) / 10,
        observer: ['A. Rivera', 'K. Osei', 'M. Lindqvist'][k % 3]!,
        observedAt: new Date(Date.UTC(2026, 0, 5 + k)),
      });
    }
  }
  await repo.insertObservations(db, observations);
  return study;
}

async function writeValueStreams(
  db: DrizzleDb,
  initiativeId: string,
  useCase: UseCase,
  study: { id: string },
  i: number,
) {
  const stream = (
    name: string,
    kind: ValueStreamKind,
    phase: Phase,
    params: Record<string, Estimate>,
    extra: Partial<repo.NewValueStream> = {},
  ): repo.NewValueStream => ({
    initiativeId,
    name,
    kind,
    phase,
    params,
    haircutLow: 0.1,
    haircutLikely: 0.2,
    haircutHigh: 0.3,
    adoption: null,
    timeStudyId: null,
    currency: 'USD',
    startMonth: 6,
    endMonth: null,
    ...extra,
  });
  const rows = [
    stream(
      'Time saved per task',
      'productivity',
      'production',
      {
        tasksPerMonth: around(useCase.tasksPerMonth, 0.15),
        loadedRatePerHour: useCase.loadedRatePerHour,
        recaptureFraction: { low: 0.3, likely: 0.5, high: 0.7 },
      },
      {
        timeStudyId: study.id,
        adoption: { maxFraction: around(0.8, 0.15), steepnessPerMonth: 0.5, midpointMonth: 10 },
      },
    ),
    stream('Fewer escalations and rework', 'quality', 'production', {
      defectsAvoidedPerMonth: around(Math.max(5, useCase.tasksPerMonth * 0.004), 0.4),
      costPerDefect: around(120, 0.3),
    }),
  ];
  if (i % 3 === 0) {
    rows.push(
      stream('Avoided outsourcing contract', 'cost-avoidance', 'production', {
        amountPerMonth: around(8_000, 0.25),
      }),
    );
  }
  if (i % 5 === 1) {
    rows.push(
      stream('Lower regulatory breach risk', 'risk-reduction', 'production', {
        annualProbabilityReduction: { low: 0.01, likely: 0.03, high: 0.05 },
        lossPerIncident: around(400_000, 0.5),
      }),
    );
  }
  await repo.insertChildren(db, 'valueStream', rows);
}
