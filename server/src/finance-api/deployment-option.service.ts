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
        await this.writer.initiativeFor(db, p, input.initiativeId);
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
      (db) => repo.updateChild(db, 'deploymentOption', id, defined(changes)),
    );
    return (await repo.findChild(this.writer.database.db, 'deploymentOption', id))!;
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
  ] as const) {
    const v = o[f];
    if (v != null && !(v >= 0)) throw badInput(`${p}.${f}`, `must be ≥ 0 (got ${v})`);
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
