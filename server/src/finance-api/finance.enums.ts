import { registerEnumType } from 'type-graphql';

// GraphQL enums of the finance API. Values are what the engine and the tables store
// (server/src/finance/model.ts), names are GraphQL style.

export enum FinancePhase {
  PILOT = 'pilot',
  INTEGRATION = 'integration',
  OPTIMIZATION = 'optimization',
  PRODUCTION = 'production',
}
registerEnumType(FinancePhase, {
  name: 'FinancePhase',
  description: 'Lifecycle phase of an initiative, a cost item or a value stream (FINANCE.md "Phases").',
});

export enum CostCategory {
  INFRASTRUCTURE = 'infrastructure',
  SOFTWARE = 'software',
  PERSONNEL = 'personnel',
  DATA_ENGINEERING = 'data-engineering',
  SECURITY_COMPLIANCE = 'security-compliance',
  CHANGE_MANAGEMENT = 'change-management',
}
registerEnumType(CostCategory, { name: 'CostCategory', description: 'TCO categories of FINANCE.md.' });

export enum CostRecurrence {
  ONE_TIME = 'one-time',
  MONTHLY = 'monthly',
  ANNUAL = 'annual',
}
registerEnumType(CostRecurrence, {
  name: 'CostRecurrence',
  description:
    'ONE_TIME: the amount in startMonth; MONTHLY: every month; ANNUAL: startMonth and every 12 months.',
});

export enum ValueStreamKind {
  PRODUCTIVITY = 'productivity',
  QUALITY = 'quality',
  REVENUE = 'revenue',
  COST_AVOIDANCE = 'cost-avoidance',
  RISK_REDUCTION = 'risk-reduction',
}
registerEnumType(ValueStreamKind, { name: 'ValueStreamKind' });

export enum Distribution {
  TRIANGULAR = 'triangular',
  PERT = 'pert',
}
registerEnumType(Distribution, {
  name: 'Distribution',
  description: 'How a low/likely/high range is sampled.',
});

export enum DeploymentKind {
  SELF_HOSTED = 'SELF_HOSTED',
  CLOUD_GPU = 'CLOUD_GPU',
  API = 'API',
}
registerEnumType(DeploymentKind, { name: 'DeploymentKind' });

export enum RentalPricing {
  ON_DEMAND = 'ON_DEMAND',
  RESERVED = 'RESERVED',
}
registerEnumType(RentalPricing, { name: 'RentalPricing' });

export enum ObservationArm {
  BEFORE = 'BEFORE',
  AFTER = 'AFTER',
}
registerEnumType(ObservationArm, {
  name: 'ObservationArm',
  description: 'BEFORE: timed without the GenAI tool; AFTER: with it.',
});

export enum FinanceReportKind {
  SCORECARD_MONTHS = 'SCORECARD_MONTHS',
  TCO = 'TCO',
  TVO = 'TVO',
  MONTE_CARLO = 'MONTE_CARLO',
  TORNADO = 'TORNADO',
  RECOMMENDATION = 'RECOMMENDATION',
  PORTFOLIO = 'PORTFOLIO',
}
registerEnumType(FinanceReportKind, {
  name: 'FinanceReportKind',
  description: 'A report financeReportCsv can export.',
});

export enum ProductionCostLine {
  SERVING = 'serving',
  INFRASTRUCTURE = 'infrastructure',
  SOFTWARE = 'software',
  PERSONNEL = 'personnel',
  DATA_ENGINEERING = 'data-engineering',
  SECURITY_COMPLIANCE = 'security-compliance',
  CHANGE_MANAGEMENT = 'change-management',
}
registerEnumType(ProductionCostLine, {
  name: 'ProductionCostLine',
  description:
    'What the production phase must carry before a production ROI is presented: the serving cost of the ' +
    'selected deployment option and each TCO category (docs/finance.md "Phase guard").',
});

export enum ServingChoice {
  ANALYST = 'ANALYST',
  RECOMMENDATION = 'RECOMMENDATION',
}
registerEnumType(ServingChoice, {
  name: 'ServingChoice',
  description:
    'Why this deployment option serves the initiative: ANALYST chose it (selectDeploymentOption), or it is ' +
    "the recommendation's rank 1 because none was chosen.",
});

export enum OperatingPointSource {
  BEST_RUN_AT_SLO = 'BEST_RUN_AT_SLO',
  CHOSEN_RUN = 'CHOSEN_RUN',
}
registerEnumType(OperatingPointSource, {
  name: 'OperatingPointSource',
  description:
    "Where a self-hosted option's throughput at the SLO comes from: the best single run meeting the SLO " +
    "(the leaderboard entry's atSlo: highest output tokens/s), or the run the option names (runId).",
});
