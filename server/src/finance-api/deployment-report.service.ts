import { exportInferenceFocusCsv } from '../finance/focus-csv';
import type { Phase } from '../finance/model';
import { badInput, notFound } from '../graphql/errors';
import type { DeploymentService } from './deployment.service';
import type { FinanceService } from './finance.service';
import { inferenceCostRows } from './inference-economics';

/** recommendDeployment and the FOCUS export of self-hosted inference cost. Reads only. */
export class DeploymentReportService {
  constructor(
    private readonly finance: FinanceService,
    private readonly deployment: DeploymentService,
  ) {}

  /** Ranks the initiative's deployment options by TCO under its latency SLO (self-hosted from stored runs). */
  async recommend(id: string, asOf = new Date()) {
    const path = 'recommendDeployment';
    const bundle = await this.finance.bundle(id);
    if (!bundle) throw notFound(`${path}.initiativeId: initiative ${id}`);
    const evaluation = await this.deployment.evaluate(bundle, asOf);
    if (!evaluation)
      throw badInput(`${path}.initiativeId`, 'the initiative has no demand yet; call setDemand first');
    return evaluation;
  }

  /**
   * Self-hosted inference cost as FinOps FOCUS 1.3 CSV (allocation basis, one row per month of the
   * horizon; the initiative is the billing account, the option the resource, the catalogue price the
   * SKU price). `optionId` picks a SELF_HOSTED option; without it, the best-ranked feasible
   * self-hosted option of recommendDeployment.
   */
  async inferenceFocusCsv(id: string, optionId: string | null | undefined, asOf = new Date()) {
    const path = 'inferenceFocusCsv';
    const rec = await this.recommend(id, asOf);
    const selfHosted = rec.options.filter((o) => o.kind === 'SELF_HOSTED');
    const option = optionId
      ? selfHosted.find((o) => o.optionId === optionId)
      : selfHosted.find((o) => o.feasible);
    if (!option) {
      throw badInput(
        `${path}.${optionId ? 'optionId' : 'initiativeId'}`,
        optionId
          ? `${optionId} is not a SELF_HOSTED deployment option of initiative ${id}`
          : 'no self-hosted option meets the SLO; add one with createDeploymentOption or pass optionId',
      );
    }
    if (
      !option.feasible ||
      option.tokensPerSecondAtSlo == null ||
      option.hourlyCostPerDevice == null ||
      !option.hourlyCost
    ) {
      throw badInput(`${path}.optionId`, `"${option.name}" has no cost to export: ${option.reason}`);
    }
    const bundle = (await this.finance.bundle(id))!;
    const demand = bundle.demand!;
    const stored = bundle.deploymentOptions.find((o) => o.id === option.optionId)!;
    const rows = inferenceCostRows(
      {
        optionId: option.optionId,
        name: option.name,
        model: option.model ?? '',
        quantization: option.quantization ?? '',
        hardware: option.hardwareName ?? '',
        hardwareProfileId: stored.hardwareProfileId ?? '',
        priceId: option.hourlyCost.priceId,
        pricing: option.hourlyCost.pricing,
        tokensPerSecondAtSlo: option.tokensPerSecondAtSlo,
        hourlyCostPerDevice: option.hourlyCostPerDevice,
        headroomFraction: option.headroomFraction,
      },
      {
        tasksPerMonth: demand.tasksPerMonth,
        inputTokensPerTask: demand.inputTokensPerTask,
        outputTokensPerTask: demand.outputTokensPerTask,
        peakToAverage: demand.peakToAverage,
        growthPerMonth: demand.growthPerMonth,
      },
      {
        id: bundle.initiative.id,
        name: bundle.initiative.name,
        startDate: bundle.initiative.startDate,
        horizonMonths: bundle.initiative.horizonMonths,
        phase: bundle.initiative.phase as Phase,
        currency: bundle.initiative.currency,
      },
    );
    return exportInferenceFocusCsv(rows);
  }
}
