import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import type { InitiativeRecord } from '../db/tables';
import { Role } from '../auth/principal';
import { Audited } from '../audit/audited';
import type { ChildEntity } from './finance.repository';
import * as I from './finance.inputs';
import {
  CostItem,
  DeletePayload,
  Demand,
  DeploymentOption,
  Initiative,
  NotApplicableLine,
  TimeObservation,
  TimeStudy,
  ValueStream,
} from './finance.types';
import { FocusImportPayload, ImportFocusCsvInput } from './focus.types';

// Thin: every field delegates to FinanceService. ANALYST and ADMIN write; every role reads.
const WRITERS = [Role.ADMIN, Role.ANALYST];
const idOf = (args: Record<string, unknown>) =>
  (args.id as string | undefined) ?? (args.input as { id?: string } | undefined)?.id;
const childBefore = (entity: ChildEntity) => (ctx: AppContext, id: string) =>
  ctx.services.finance.child(entity, id);

@Resolver(() => Initiative)
export class FinanceResolver {
  @Authorized()
  @Query(() => [Initiative], { description: 'Every initiative, by name.' })
  initiatives(@Ctx() ctx: AppContext) {
    return ctx.services.finance.listInitiatives();
  }

  @Authorized()
  @Query(() => Initiative, { nullable: true })
  initiative(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.getInitiative(id);
  }

  @FieldResolver(() => Demand, { nullable: true })
  demand(@Root() i: InitiativeRecord, @Ctx() ctx: AppContext) {
    return ctx.services.finance.demand(i.id);
  }

  @FieldResolver(() => [CostItem])
  costItems(@Root() i: InitiativeRecord, @Ctx() ctx: AppContext) {
    return ctx.services.finance.children('costItem', i.id);
  }

  @FieldResolver(() => [ValueStream])
  valueStreams(@Root() i: InitiativeRecord, @Ctx() ctx: AppContext) {
    return ctx.services.finance.children('valueStream', i.id);
  }

  @FieldResolver(() => [DeploymentOption])
  deploymentOptions(@Root() i: InitiativeRecord, @Ctx() ctx: AppContext) {
    return ctx.services.finance.children('deploymentOption', i.id);
  }

  @FieldResolver(() => [TimeStudy])
  timeStudies(@Root() i: InitiativeRecord, @Ctx() ctx: AppContext) {
    return ctx.services.finance.children('timeStudy', i.id);
  }

  @FieldResolver(() => [NotApplicableLine], {
    description: 'Production cost lines that do not apply, with the reason (setProductionNotApplicable).',
  })
  notApplicable(@Root() i: InitiativeRecord) {
    return Object.entries(i.productionNotApplicable ?? {}).map(([line, reason]) => ({ line, reason }));
  }

  @Authorized(...WRITERS)
  @Audited({
    entityType: 'initiative',
    entityId: (a) => (a.input as { initiativeId?: string } | undefined)?.initiativeId,
    before: (ctx, id) => ctx.services.finance.getInitiative(id),
  })
  @Mutation(() => Initiative, {
    description:
      "Chooses the deployment option whose serving cost the initiative's TCO carries (optionId null: the " +
      "recommendation's rank 1). ADMIN or ANALYST.",
  })
  selectDeploymentOption(
    @Arg('input', () => I.SelectDeploymentOptionInput) input: I.SelectDeploymentOptionInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.initiatives.selectDeploymentOption(input);
  }

  @Authorized(...WRITERS)
  @Audited({
    entityType: 'initiative',
    entityId: (a) => (a.input as { initiativeId?: string } | undefined)?.initiativeId,
    before: (ctx, id) => ctx.services.finance.getInitiative(id),
  })
  @Mutation(() => Initiative, {
    description:
      'Records why a production cost line (serving or a TCO category) does not apply, so the phase guard ' +
      'accepts its absence; a blank reason removes it. ADMIN or ANALYST.',
  })
  setProductionNotApplicable(
    @Arg('input', () => I.SetNotApplicableInput) input: I.SetNotApplicableInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.initiatives.setNotApplicable(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'initiative' })
  @Mutation(() => Initiative, { description: 'ADMIN or ANALYST.' })
  createInitiative(
    @Arg('input', () => I.CreateInitiativeInput) input: I.CreateInitiativeInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.initiatives.create(input);
  }

  @Authorized(...WRITERS)
  @Audited({
    entityType: 'initiative',
    entityId: idOf,
    before: (ctx, id) => ctx.services.finance.getInitiative(id),
  })
  @Mutation(() => Initiative, { description: 'ADMIN or ANALYST.' })
  updateInitiative(
    @Arg('input', () => I.UpdateInitiativeInput) input: I.UpdateInitiativeInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.initiatives.update(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'initiative', entityId: idOf, before: (ctx, id) => ctx.services.finance.bundle(id) })
  @Mutation(() => DeletePayload, {
    description: 'Deletes the initiative and everything in it. ADMIN or ANALYST.',
  })
  deleteInitiative(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.initiatives.delete(id);
  }

  @Authorized(...WRITERS)
  @Audited({
    entityType: 'initiative_demand',
    entityId: (a) => (a.input as { initiativeId?: string } | undefined)?.initiativeId,
    before: (ctx, id) => ctx.services.finance.demand(id),
  })
  @Mutation(() => Demand, { description: 'Sets (replaces) the demand of an initiative. ADMIN or ANALYST.' })
  setDemand(@Arg('input', () => I.SetDemandInput) input: I.SetDemandInput, @Ctx() ctx: AppContext) {
    return ctx.services.finance.initiatives.setDemand(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'cost_item' })
  @Mutation(() => CostItem, { description: 'ADMIN or ANALYST.' })
  createCostItem(
    @Arg('input', () => I.CreateCostItemInput) input: I.CreateCostItemInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.costItems.create(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'cost_item', entityId: idOf, before: childBefore('costItem') })
  @Mutation(() => CostItem, { description: 'ADMIN or ANALYST.' })
  updateCostItem(
    @Arg('input', () => I.UpdateCostItemInput) input: I.UpdateCostItemInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.costItems.update(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'cost_item', entityId: idOf, before: childBefore('costItem') })
  @Mutation(() => DeletePayload, { description: 'ADMIN or ANALYST.' })
  deleteCostItem(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.deleteChild('costItem', 'deleteCostItem', id);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'value_stream' })
  @Mutation(() => ValueStream, { description: 'ADMIN or ANALYST.' })
  createValueStream(
    @Arg('input', () => I.CreateValueStreamInput) input: I.CreateValueStreamInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.valueStreams.create(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'value_stream', entityId: idOf, before: childBefore('valueStream') })
  @Mutation(() => ValueStream, { description: 'ADMIN or ANALYST.' })
  updateValueStream(
    @Arg('input', () => I.UpdateValueStreamInput) input: I.UpdateValueStreamInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.valueStreams.update(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'value_stream', entityId: idOf, before: childBefore('valueStream') })
  @Mutation(() => DeletePayload, { description: 'ADMIN or ANALYST.' })
  deleteValueStream(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.deleteChild('valueStream', 'deleteValueStream', id);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'deployment_option' })
  @Mutation(() => DeploymentOption, { description: 'ADMIN or ANALYST.' })
  createDeploymentOption(
    @Arg('input', () => I.CreateDeploymentOptionInput) input: I.CreateDeploymentOptionInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.deploymentOptions.create(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'deployment_option', entityId: idOf, before: childBefore('deploymentOption') })
  @Mutation(() => DeploymentOption, { description: 'ADMIN or ANALYST.' })
  updateDeploymentOption(
    @Arg('input', () => I.UpdateDeploymentOptionInput) input: I.UpdateDeploymentOptionInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.deploymentOptions.update(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'deployment_option', entityId: idOf, before: childBefore('deploymentOption') })
  @Mutation(() => DeletePayload, { description: 'ADMIN or ANALYST.' })
  deleteDeploymentOption(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.deleteChild('deploymentOption', 'deleteDeploymentOption', id);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'time_study' })
  @Mutation(() => TimeStudy, { description: 'ADMIN or ANALYST.' })
  createTimeStudy(
    @Arg('input', () => I.CreateTimeStudyInput) input: I.CreateTimeStudyInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.timeStudies.create(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'time_study', entityId: idOf, before: childBefore('timeStudy') })
  @Mutation(() => TimeStudy, { description: 'ADMIN or ANALYST.' })
  updateTimeStudy(
    @Arg('input', () => I.UpdateTimeStudyInput) input: I.UpdateTimeStudyInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.timeStudies.update(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'time_study', entityId: idOf, before: childBefore('timeStudy') })
  @Mutation(() => DeletePayload, { description: 'Deletes the study and its observations. ADMIN or ANALYST.' })
  deleteTimeStudy(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.deleteChild('timeStudy', 'deleteTimeStudy', id);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'time_observation' })
  @Mutation(() => [TimeObservation], { description: 'ADMIN or ANALYST.' })
  addTimeObservations(
    @Arg('input', () => I.AddTimeObservationsInput) input: I.AddTimeObservationsInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.finance.timeStudies.addObservations(input);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'time_observation', entityId: idOf })
  @Mutation(() => DeletePayload, { description: 'ADMIN or ANALYST.' })
  deleteTimeObservation(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.finance.timeStudies.deleteObservation(id);
  }

  @Authorized(...WRITERS)
  @Audited({ entityType: 'cost_item' })
  @Mutation(() => FocusImportPayload, {
    description:
      'Imports a FOCUS bill (CSV) as cost items, row by row: rows mapped to initiatives by rules, tags or ' +
      'the input initiative; rows imported before are not added again; every other row is reported ' +
      'with its line, column and reason. ADMIN or ANALYST.',
  })
  importFocusCsv(
    @Arg('input', () => ImportFocusCsvInput) input: ImportFocusCsvInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.focus.importBill(input);
  }
}
