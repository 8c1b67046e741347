import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import type { HardwareProfileRecord } from '../db/tables';
import { Role } from '../auth/principal';
import { Audited } from '../audit/audited';
import { badInput } from '../graphql/errors';
import { CURRENCY_CODE } from '../currency/currency.types';
import {
  CreateHardwareProfileInput,
  SetHardwarePriceInput,
  UpdateHardwareProfileInput,
} from './catalogue.inputs';
import {
  CloudRate,
  HardwarePrice,
  HardwareProfile,
  HourlyCost,
  RunHardwareProfileLink,
} from './catalogue.types';

// Thin: every field delegates to CatalogueService.
@Resolver(() => HardwareProfile)
export class CatalogueResolver {
  @Authorized()
  @Query(() => [HardwareProfile], { description: 'The hardware catalogue, by name.' })
  hardwareProfiles(@Ctx() ctx: AppContext) {
    return ctx.services.catalogue.list();
  }

  @Authorized()
  @Query(() => HardwareProfile, { nullable: true })
  hardwareProfile(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.catalogue.get(id);
  }

  @Authorized(Role.ADMIN, Role.ANALYST)
  @Audited({ entityType: 'hardware_profile' })
  @Mutation(() => HardwareProfile, { description: 'ADMIN or ANALYST.' })
  createHardwareProfile(
    @Arg('input', () => CreateHardwareProfileInput) input: CreateHardwareProfileInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.catalogue.create(input);
  }

  @Authorized(Role.ADMIN, Role.ANALYST)
  @Audited({
    entityType: 'hardware_profile',
    entityId: (args) => (args.input as { id?: string } | undefined)?.id,
    before: (ctx, id) => ctx.services.catalogue.get(id),
  })
  @Mutation(() => HardwareProfile, { description: 'ADMIN or ANALYST.' })
  updateHardwareProfile(
    @Arg('input', () => UpdateHardwareProfileInput) input: UpdateHardwareProfileInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.catalogue.update(input);
  }

  @Authorized(Role.ADMIN, Role.ANALYST)
  @Audited({ entityType: 'hardware_price' })
  @Mutation(() => HardwarePrice, {
    description:
      'Adds a dated price version (earlier versions stay for reports as of earlier dates). ADMIN or ANALYST.',
  })
  setHardwarePrice(
    @Arg('input', () => SetHardwarePriceInput) input: SetHardwarePriceInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.catalogue.setPrice(input);
  }

  @Authorized(Role.ADMIN, Role.ANALYST)
  @Audited({
    entityType: 'run_hardware_profile',
    entityId: (args) => args.runId as string,
    before: (ctx, runId) => ctx.services.catalogue.profileOfRun(runId),
  })
  @Mutation(() => RunHardwareProfileLink, {
    description: 'Costs a run on this profile, overriding vendor/model/count matching. ADMIN or ANALYST.',
  })
  linkRunToHardwareProfile(
    @Arg('runId', () => ID) runId: string,
    @Arg('profileId', () => ID) profileId: string,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.catalogue.linkRun(runId, profileId);
  }

  @FieldResolver(() => [HardwarePrice], { description: 'Every price version, newest effective date first.' })
  prices(@Root() profile: HardwareProfileRecord, @Ctx() ctx: AppContext) {
    return ctx.services.catalogue.prices(profile);
  }

  @FieldResolver(() => HardwarePrice, {
    nullable: true,
    description: 'The version effective at asOf (default now).',
  })
  priceAsOf(
    @Root() profile: HardwareProfileRecord,
    @Ctx() ctx: AppContext,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: Date,
  ) {
    return ctx.services.catalogue.priceAsOf(profile, asOf ?? new Date());
  }

  @FieldResolver(() => HourlyCost, {
    nullable: true,
    description: 'Hourly cost as of a date (default now) in a currency (default USD); null without a price.',
  })
  hourlyCost(
    @Root() profile: HardwareProfileRecord,
    @Ctx() ctx: AppContext,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: Date,
    @Arg('currency', () => String, { nullable: true, defaultValue: 'USD' }) currency?: string,
    @Arg('cloudRate', () => CloudRate, { nullable: true, defaultValue: CloudRate.ON_DEMAND })
    cloudRate?: CloudRate,
  ) {
    const code = currency ?? 'USD';
    if (!CURRENCY_CODE.test(code))
      throw badInput('HardwareProfile.hourlyCost.currency', 'must be a code like "USD"');
    return ctx.services.catalogue.hourlyCost(
      profile,
      asOf ?? new Date(),
      code,
      cloudRate ?? CloudRate.ON_DEMAND,
    );
  }
}
