import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { checkText, defined, type FinanceWriter } from './finance-write';

/** The stored columns of a deployment option that a create leaves out (null: not given). */
const EMPTY = {
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
  phase: null,
  startMonth: null,
  runId: null,
  throughputUncertaintyFraction: null,
};

/** Writes deployment options (how an initiative could serve its demand). */
export class DeploymentOptionService {
  constructor(private readonly writer: FinanceWriter) {}

  create(input: I.CreateDeploymentOptionInput) {
    const p = 'createDeploymentOption.input';
    checkText(`${p}.name`, input.name);
    checkOption(p, input);
    return this.writer.write(
      p,
      () => input.initiativeId,
      async (db) => {
        const initiative = await this.writer.initiativeFor(db, p, input.initiativeId);
        checkStart(p, input.startMonth, initiative.horizonMonths);
        return repo.insertChild(db, 'deploymentOption', {
          ...EMPTY,
          ...defined(input),
          name: input.name.trim(),
        } as repo.NewDeploymentOption);
      },
    );
  }

  async update(input: I.UpdateDeploymentOptionInput) {
    const p = 'updateDeploymentOption.input';
    checkText(`${p}.name`, input.name);
    const { id, ...changes } = input;
    const current = await repo.findChild(this.writer.database.db, 'deploymentOption', id);
    if (!current) throw notFound(`${p}.id: deploymentOption ${id}`);
    checkOption(p, { ...(current as object), ...defined(changes) } as Partial<I.CreateDeploymentOptionInput>);
    await this.writer.write(
      p,
      () => current.initiativeId,
      async (db) => {
        const initiative = await this.writer.initiativeFor(db, p, current.initiativeId);
        checkStart(p, changes.startMonth, initiative.horizonMonths);
        await repo.updateChild(db, 'deploymentOption', id, defined(changes));
      },
    );
    return (await repo.findChild(this.writer.database.db, 'deploymentOption', id))!;
  }
}

/** A serving start inside the initiative's horizon. */
function checkStart(p: string, startMonth: number | null | undefined, horizonMonths: number) {
  if (startMonth != null && !(startMonth >= 0 && startMonth < horizonMonths)) {
    throw badInput(`${p}.startMonth`, `must be a month index 0 … ${horizonMonths - 1} (got ${startMonth})`);
  }
}

/** The fields each kind needs, and no negative amounts. */
function checkOption(p: string, o: Partial<I.CreateDeploymentOptionInput>) {
  for (const f of [
    'pricePerHour',
    'tokensPerSecondAtSlo',
    'latencyAtSloMs',
    'inputCostPerMtok',
    'outputCostPerMtok',
    'oneTimeCost',
    'headroomFraction',
    'startMonth',
  ] as const) {
    const v = o[f];
    if (v != null && !(v >= 0)) throw badInput(`${p}.${f}`, `must be ≥ 0 (got ${v})`);
  }
  const u = o.throughputUncertaintyFraction;
  if (u != null && !(u >= 0 && u < 1)) {
    throw badInput(
      `${p}.throughputUncertaintyFraction`,
      `must be a fraction 0 … 0.99, e.g. 0.1 for ±10 % (got ${u})`,
    );
  }
  if (o.runId && o.kind !== 'SELF_HOSTED') {
    throw badInput(`${p}.runId`, 'only a SELF_HOSTED option is sized at a stored run');
  }
  if (o.kind === 'SELF_HOSTED' && !(o.hardwareProfileId && o.model && o.quantization && o.scenario)) {
    throw badInput(
      `${p}.hardwareProfileId`,
      'SELF_HOSTED needs hardwareProfileId, model, quantization and scenario (its runs give the throughput)',
    );
  }
  if (o.kind === 'CLOUD_GPU' && (o.pricePerHour == null || o.tokensPerSecondAtSlo == null)) {
    throw badInput(`${p}.pricePerHour`, 'CLOUD_GPU needs pricePerHour and tokensPerSecondAtSlo');
  }
  if (o.kind === 'API' && (o.inputCostPerMtok == null || o.outputCostPerMtok == null)) {
    throw badInput(
      `${p}.inputCostPerMtok`,
      'API needs inputCostPerMtok and outputCostPerMtok ($ per million tokens)',
    );
  }
}
