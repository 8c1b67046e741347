import type { Database } from '../db/duckdb';
import type { HardwarePriceRecord, HardwareProfileRecord } from '../db/tables';
import type { CurrencyService } from '../currency/currency.service';
import { badInput, notFound } from '../graphql/errors';
import { findRun } from '../runs/run.repository';
import * as repo from './catalogue.repository';
import type {
  CreateHardwareProfileInput,
  SetHardwarePriceInput,
  UpdateHardwareProfileInput,
} from './catalogue.inputs';
import { CloudRate, PricingKind, type HourlyCost } from './catalogue.types';
import { hourlyCostOf } from './profile-pricing';

const OWNED_ONLY = [
  'capex',
  'residualValue',
  'amortisationYears',
  'discountRatePerYear',
  'maintenancePerYear',
  'hostingPerHour',
  'pue',
  'electricityPerKwh',
] as const;

/** The hardware catalogue: profiles, dated prices, run links, hourly cost as of a date. */
export class CatalogueService {
  constructor(
    private readonly database: Database,
    private readonly currency: CurrencyService,
  ) {}

  list(): Promise<HardwareProfileRecord[]> {
    return repo.listProfiles(this.database.db);
  }

  get(id: string): Promise<HardwareProfileRecord | null> {
    return repo.findProfile(this.database.db, id);
  }

  /** Creates a profile; names are unique. */
  async create(input: CreateHardwareProfileInput): Promise<HardwareProfileRecord> {
    return this.database.withTransaction(async ({ db }) => {
      if (await repo.findProfileByName(db, input.name)) {
        throw badInput(
          'createHardwareProfile.input.name',
          `a profile named "${input.name}" exists; pick another name`,
        );
      }
      return repo.insertProfile(db, {
        name: input.name,
        vendor: input.vendor,
        acceleratorModel: input.acceleratorModel,
        acceleratorCount: input.acceleratorCount,
        acceleratorMemoryBytes: input.acceleratorMemoryBytes ?? null,
        tdpWatts: input.tdpWatts ?? null,
        measuredWatts: input.measuredWatts ?? null,
        notes: input.notes ?? null,
      });
    });
  }

  /** Updates the fields present in the input. */
  async update(input: UpdateHardwareProfileInput): Promise<HardwareProfileRecord> {
    const { id, ...rest } = input;
    const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    for (const required of ['name', 'vendor', 'acceleratorModel', 'acceleratorCount'] as const) {
      if (required in changes && changes[required] === null) {
        throw badInput(`updateHardwareProfile.input.${required}`, 'cannot be null (leave it out to keep it)');
      }
    }
    await this.database.withTransaction(async ({ db }) => {
      if (!(await repo.findProfile(db, id)))
        throw notFound(`updateHardwareProfile.input.id: hardware profile ${id}`);
      if (typeof changes.name === 'string') {
        const other = await repo.findProfileByName(db, changes.name);
        if (other && other.id !== id) {
          throw badInput('updateHardwareProfile.input.name', `a profile named "${changes.name}" exists`);
        }
      }
      await repo.updateProfile(db, id, changes);
    });
    return (await repo.findProfile(this.database.db, id))!;
  }

  /** Records a new price version after checking it has what its pricing kind needs. */
  async setPrice(input: SetHardwarePriceInput): Promise<HardwarePriceRecord> {
    const path = 'setHardwarePrice.input';
    if (input.pricing === PricingKind.CLOUD) {
      if (input.onDemandPerHour == null && input.reservedPerHour == null) {
        throw badInput(
          `${path}.onDemandPerHour`,
          'CLOUD pricing needs onDemandPerHour and/or reservedPerHour',
        );
      }
      const stray = OWNED_ONLY.find((key) => input[key] != null);
      if (stray) throw badInput(`${path}.${stray}`, 'applies to OWNED pricing only; leave it out for CLOUD');
    } else {
      if (input.capex == null) throw badInput(`${path}.capex`, 'OWNED pricing needs capex (purchase price)');
      if (input.amortisationYears == null) {
        throw badInput(`${path}.amortisationYears`, 'OWNED pricing needs amortisationYears (e.g. 4)');
      }
      if ((input.residualValue ?? 0) > input.capex) {
        throw badInput(`${path}.residualValue`, 'must not exceed capex');
      }
      if (input.onDemandPerHour != null || input.reservedPerHour != null) {
        throw badInput(`${path}.onDemandPerHour`, 'applies to CLOUD pricing only; leave it out for OWNED');
      }
    }
    return this.database.withTransaction(async ({ db }) => {
      if (!(await repo.findProfile(db, input.profileId))) {
        throw notFound(`${path}.profileId: hardware profile ${input.profileId}`);
      }
      return repo.insertPrice(db, {
        profileId: input.profileId,
        pricing: input.pricing,
        currency: input.currency,
        effectiveFrom: input.effectiveFrom ?? new Date(),
        onDemandPerHour: input.onDemandPerHour ?? null,
        reservedPerHour: input.reservedPerHour ?? null,
        capex: input.capex ?? null,
        residualValue: input.residualValue ?? null,
        amortisationYears: input.amortisationYears ?? null,
        discountRatePerYear: input.discountRatePerYear ?? null,
        maintenancePerYear: input.maintenancePerYear ?? null,
        hostingPerHour: input.hostingPerHour ?? null,
        pue: input.pue ?? null,
        electricityPerKwh: input.electricityPerKwh ?? null,
        source: input.source ?? null,
      });
    });
  }

  prices(profile: HardwareProfileRecord): Promise<HardwarePriceRecord[]> {
    return repo.listPrices(this.database.db, profile.id);
  }

  /** The price version effective at `asOf`, or null. */
  async priceAsOf(profile: HardwareProfileRecord, asOf: Date): Promise<HardwarePriceRecord | null> {
    const ids = await repo.effectivePriceIds(this.database.connection, asOf);
    const id = ids.get(profile.id);
    return id ? repo.findPrice(this.database.db, id) : null;
  }

  /** Hourly cost as of a date in a currency; null when no usable price is effective then. */
  async hourlyCost(
    profile: HardwareProfileRecord,
    asOf: Date,
    currency: string,
    cloudRate: CloudRate,
  ): Promise<HourlyCost | null> {
    const price = await this.priceAsOf(profile, asOf);
    if (!price) return null;
    const convert = await this.currency.converterAsOf(asOf, 'HardwareProfile.hourlyCost.currency');
    return hourlyCostOf(profile, price, cloudRate, currency, convert);
  }

  /** Links a run to a profile explicitly (overrides matching). */
  async linkRun(runId: string, profileId: string) {
    return this.database.withTransaction(async ({ db }) => {
      if (!(await findRun(db, runId))) throw notFound(`linkRunToHardwareProfile.runId: run ${runId}`);
      if (!(await repo.findProfile(db, profileId))) {
        throw notFound(`linkRunToHardwareProfile.profileId: hardware profile ${profileId}`);
      }
      return repo.linkRun(db, runId, profileId);
    });
  }

  /** The profile a run is costed on, and whether it was linked or matched. */
  async profileOfRun(runId: string) {
    const found = await repo.profileOfRun(this.database.connection, runId);
    if (!found) return null;
    const profile = await repo.findProfile(this.database.db, found.profileId);
    return profile ? { profile, how: found.how } : null;
  }
}
