import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** How a profile is paid for. */
export enum PricingKind {
  CLOUD = 'CLOUD',
  OWNED = 'OWNED',
}
registerEnumType(PricingKind, { name: 'PricingKind', description: 'Rented by the hour, or bought (capex).' });

/** Which hourly price of a CLOUD profile a report uses. */
export enum CloudRate {
  ON_DEMAND = 'ON_DEMAND',
  RESERVED = 'RESERVED',
}
registerEnumType(CloudRate, { name: 'CloudRate' });

/** Where the power figure in an owned unit's energy cost came from. */
export enum PowerSource {
  MEASURED = 'MEASURED',
  TDP = 'TDP',
  NONE = 'NONE',
}
registerEnumType(PowerSource, {
  name: 'PowerSource',
  description: 'MEASURED (profile measuredWatts) beats TDP (tdpWatts × count); NONE: no energy cost counted.',
});

@ObjectType({ description: 'A dated price version of a hardware profile, in its own currency.' })
export class HardwarePrice {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  profileId!: string;
  @Field(() => PricingKind)
  pricing!: PricingKind;
  @Field(() => String, { description: 'Currency of every amount in this row, e.g. "USD".' })
  currency!: string;
  @Field(() => Date, {
    description: 'Reports as of this instant or later use this price (until a newer one).',
  })
  effectiveFrom!: Date;
  @Field(() => Float, {
    nullable: true,
    description: 'CLOUD: on-demand price per hour for the whole profile.',
  })
  onDemandPerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'CLOUD: reserved/committed price per hour.' })
  reservedPerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: purchase price.' })
  capex!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: resale value after amortisationYears.' })
  residualValue!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: years.' })
  amortisationYears!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: per year, e.g. 0.08; 0 = straight line.' })
  discountRatePerYear!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: per year.' })
  maintenancePerYear!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: per hour.' })
  hostingPerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: power usage effectiveness (>= 1).' })
  pue!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: per kWh.' })
  electricityPerKwh!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Where the figures come from (quote, price list URL).',
  })
  source!: string | null;
  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'The hourly cost of a profile as of a date, in the requested currency.' })
export class HourlyCost {
  @Field(() => Float, { description: 'Currency units per hour for the whole profile (all accelerators).' })
  costPerHour!: number;
  @Field(() => String)
  currency!: string;
  @Field(() => PricingKind)
  pricing!: PricingKind;
  @Field(() => CloudRate, { nullable: true, description: 'CLOUD only: which hourly price was used.' })
  cloudRate!: CloudRate | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: capital recovery per hour.' })
  capitalPerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: kW × PUE × price per kWh.' })
  energyPerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: maintenance per year / 8760.' })
  maintenancePerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: hosting per hour.' })
  hostingPerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'OWNED: watts used for the energy cost.' })
  powerWatts!: number | null;
  @Field(() => PowerSource, { nullable: true })
  powerSource!: PowerSource | null;
  @Field(() => ID, { description: 'hardware_prices row used.' })
  priceId!: string;
  @Field(() => Date)
  priceEffectiveFrom!: Date;
  @Field(() => [ID], { description: 'currency_rates rows used to convert (empty when none).' })
  rateIds!: string[];
}

@ObjectType({ description: 'A kind of machine runs are costed on: vendor, accelerator, count, power.' })
export class HardwareProfile {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { description: 'e.g. "8x H100 SXM (on-prem)".' })
  name!: string;
  @Field(() => String, {
    description: 'Accelerator vendor as detected, e.g. "NVIDIA", "AMD"; "CPU" for CPU-only.',
  })
  vendor!: string;
  @Field(() => String, {
    description: 'Matched case-insensitively as a substring of detected accelerator (or CPU) models.',
  })
  acceleratorModel!: string;
  @Field(() => Int, { description: 'Accelerators per unit; 0 for CPU-only.' })
  acceleratorCount!: number;
  @Field(() => Float, { nullable: true, description: 'Memory per accelerator, bytes.' })
  acceleratorMemoryBytes!: number | null;
  @Field(() => Float, { nullable: true, description: 'Thermal design power per accelerator, watts.' })
  tdpWatts!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Measured wall power of the whole unit under load, watts.',
  })
  measuredWatts!: number | null;
  @Field(() => String, { nullable: true })
  notes!: string | null;
  @Field(() => Date)
  createdAt!: Date;
  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType({ description: 'An explicit run -> profile link.' })
export class RunHardwareProfileLink {
  @Field(() => ID)
  runId!: string;
  @Field(() => ID)
  profileId!: string;
  @Field(() => Date)
  linkedAt!: Date;
}

/** How a run found its profile. */
export enum ProfileMatch {
  LINKED = 'LINKED',
  MATCHED = 'MATCHED',
}
registerEnumType(ProfileMatch, {
  name: 'ProfileMatch',
  description: 'LINKED: set with linkRunToHardwareProfile; MATCHED: by detected vendor, model and count.',
});

@ObjectType({ description: 'The profile a run is costed on, and how it was found.' })
export class RunHardwareProfile {
  @Field(() => HardwareProfile)
  profile!: HardwareProfile;
  @Field(() => ProfileMatch)
  how!: ProfileMatch;
}
