import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardwareInput, registerAgent, startRun, startTestServer, type TestServer } from './helpers';

const CREATE = `mutation($input: CreateHardwareProfileInput!) {
  createHardwareProfile(input: $input) { id name vendor acceleratorModel acceleratorCount tdpWatts measuredWatts } }`;
const UPDATE = `mutation($input: UpdateHardwareProfileInput!) {
  updateHardwareProfile(input: $input) { id name measuredWatts updatedAt } }`;
const SET_PRICE = `mutation($input: SetHardwarePriceInput!) { setHardwarePrice(input: $input) { id effectiveFrom } }`;
const HOURLY = `query($id: ID!, $asOf: DateTime, $currency: String, $cloudRate: CloudRate) {
  hardwareProfile(id: $id) {
    priceAsOf(asOf: $asOf) { id }
    hourlyCost(asOf: $asOf, currency: $currency, cloudRate: $cloudRate) {
      costPerHour currency pricing cloudRate capitalPerHour energyPerHour powerWatts powerSource priceId rateIds } } }`;
const RUN_PROFILE = `query($id: ID!) { run(id: $id) { hardwareProfile { how profile { id } } } }`;

interface Hourly {
  hardwareProfile: {
    priceAsOf: { id: string } | null;
    hourlyCost: {
      costPerHour: number;
      currency: string;
      cloudRate: string | null;
      capitalPerHour: number | null;
      energyPerHour: number | null;
      powerWatts: number | null;
      powerSource: string | null;
      priceId: string;
      rateIds: string[];
    } | null;
  };
}

const h100 = (count: number) =>
  hardwareInput({
    accelerators: Array.from({ length: count }, () => ({
      vendor: 'NVIDIA',
      model: 'NVIDIA H100 80GB HBM3',
      memoryBytes: 80e9,
      driver: '550.54',
    })),
  });

describe('hardware catalogue: profiles, dated prices, hourly cost, run links', () => {
  let t: TestServer;
  let analyst: string;
  let agent: { id: string; token: string };
  let owned: string;
  let cloud: string;
  const prices: Record<string, string> = {};

  const hourly = (id: string, asOf: string, extra: Record<string, unknown> = {}) =>
    t.gql<Hourly>(HOURLY, { id, asOf, ...extra }, analyst);

  beforeAll(async () => {
    t = await startTestServer();
    const res = await t.gql<{ createToken: { token: string } }>(
      'mutation { createToken(input: { role: ANALYST, name: "finance" }) { token } }',
      {},
      t.adminToken,
    );
    analyst = res.data!.createToken.token;
    agent = await registerAgent(t, 'catalogue-agent');
    const a = await t.gql<{ createHardwareProfile: { id: string } }>(
      CREATE,
      {
        input: {
          name: '8x H100 on-prem',
          vendor: 'NVIDIA',
          acceleratorModel: 'H100',
          acceleratorCount: 8,
          tdpWatts: 700,
        },
      },
      analyst,
    );
    expect(a.errors).toBeUndefined();
    owned = a.data!.createHardwareProfile.id;
    const b = await t.gql<{ createHardwareProfile: { id: string } }>(
      CREATE,
      { input: { name: '4x H100 cloud', vendor: 'NVIDIA', acceleratorModel: 'H100', acceleratorCount: 4 } },
      t.adminToken,
    );
    cloud = b.data!.createHardwareProfile.id;
    // Owned, 4 years straight line: 280000 / 4 / 8760 = 7.990868 per hour of capital.
    const v1 = await t.gql<{ setHardwarePrice: { id: string } }>(
      SET_PRICE,
      {
        input: {
          profileId: owned,
          pricing: 'OWNED',
          currency: 'USD',
          effectiveFrom: '2026-01-01T00:00:00Z',
          capex: 280_000,
          amortisationYears: 4,
          pue: 1.25,
          electricityPerKwh: 0.1,
        },
      },
      analyst,
    );
    expect(v1.errors).toBeUndefined();
    prices.v1 = v1.data!.setHardwarePrice.id;
    // 350400 / 4 / 8760 = 10 per hour of capital from June on.
    const v2 = await t.gql<{ setHardwarePrice: { id: string } }>(
      SET_PRICE,
      {
        input: {
          profileId: owned,
          pricing: 'OWNED',
          currency: 'USD',
          effectiveFrom: '2026-06-01T00:00:00Z',
          capex: 350_400,
          amortisationYears: 4,
          pue: 1.25,
          electricityPerKwh: 0.1,
        },
      },
      analyst,
    );
    prices.v2 = v2.data!.setHardwarePrice.id;
    const c = await t.gql<{ setHardwarePrice: { id: string } }>(
      SET_PRICE,
      {
        input: {
          profileId: cloud,
          pricing: 'CLOUD',
          currency: 'EUR',
          effectiveFrom: '2025-01-01T00:00:00Z',
          onDemandPerHour: 20,
          reservedPerHour: 12,
        },
      },
      analyst,
    );
    prices.cloud = c.data!.setHardwarePrice.id;
    const rate = await t.gql<{ setCurrencyRate: { id: string } }>(
      'mutation { setCurrencyRate(input: { currency: "EUR", usdPerUnit: 1.1, effectiveFrom: "2026-01-01T00:00:00Z" }) { id } }',
      {},
      analyst,
    );
    prices.eurRate = rate.data!.setCurrencyRate.id;
  });
  afterAll(() => t.close());

  it('computes the owned hourly cost from the price version effective at the date (TDP × count power)', async () => {
    // Energy: 700 W × 8 = 5.6 kW × PUE 1.25 × 0.10/kWh = 0.70 per hour.
    const march = await hourly(owned, '2026-03-01T00:00:00Z');
    const cost = march.data!.hardwareProfile.hourlyCost!;
    expect(cost.priceId).toBe(prices.v1);
    expect(cost.capitalPerHour).toBeCloseTo(280_000 / 4 / 8760, 9);
    expect(cost.energyPerHour).toBeCloseTo(0.7, 9);
    expect(cost.powerWatts).toBe(5600);
    expect(cost.powerSource).toBe('TDP');
    expect(cost.costPerHour).toBeCloseTo(280_000 / 4 / 8760 + 0.7, 9);
    const july = await hourly(owned, '2026-07-01T00:00:00Z');
    expect(july.data!.hardwareProfile.hourlyCost!.priceId).toBe(prices.v2);
    expect(july.data!.hardwareProfile.hourlyCost!.costPerHour).toBeCloseTo(10.7, 9);
    const before = await hourly(owned, '2025-12-01T00:00:00Z');
    expect(before.data!.hardwareProfile.priceAsOf).toBeNull();
    expect(before.data!.hardwareProfile.hourlyCost).toBeNull();
  });

  it('prefers measured power once a profile has it', async () => {
    const res = await t.gql<{ updateHardwareProfile: { measuredWatts: number } }>(
      UPDATE,
      { input: { id: owned, measuredWatts: 6400 } },
      analyst,
    );
    expect(res.data!.updateHardwareProfile.measuredWatts).toBe(6400);
    const july = await hourly(owned, '2026-07-01T00:00:00Z');
    const cost = july.data!.hardwareProfile.hourlyCost!;
    expect(cost.powerSource).toBe('MEASURED');
    // 6.4 kW × 1.25 × 0.10 = 0.80 per hour.
    expect(cost.costPerHour).toBeCloseTo(10.8, 9);
  });

  it('converts a cloud price with the rate of the report date and picks on-demand or reserved', async () => {
    const onDemand = await hourly(cloud, '2026-02-01T00:00:00Z', { currency: 'USD' });
    expect(onDemand.data!.hardwareProfile.hourlyCost!.costPerHour).toBeCloseTo(22, 9);
    expect(onDemand.data!.hardwareProfile.hourlyCost!.rateIds).toEqual([prices.eurRate]);
    const reserved = await hourly(cloud, '2026-02-01T00:00:00Z', { currency: 'USD', cloudRate: 'RESERVED' });
    expect(reserved.data!.hardwareProfile.hourlyCost!.costPerHour).toBeCloseTo(13.2, 9);
    expect(reserved.data!.hardwareProfile.hourlyCost!.cloudRate).toBe('RESERVED');
    const inEur = await hourly(cloud, '2025-06-01T00:00:00Z', { currency: 'EUR' });
    expect(inEur.data!.hardwareProfile.hourlyCost!.costPerHour).toBe(20);
    const noRate = await hourly(cloud, '2025-06-01T00:00:00Z', { currency: 'USD' });
    expect(noRate.errors?.[0]?.message).toMatch(/no EUR rate effective.*setCurrencyRate/);
  });

  it('keeps every price version', async () => {
    const res = await t.gql<{ hardwareProfile: { prices: { id: string }[] } }>(
      'query($id: ID!) { hardwareProfile(id: $id) { prices { id } } }',
      { id: owned },
      analyst,
    );
    expect(res.data!.hardwareProfile.prices.map((p) => p.id)).toEqual([prices.v2, prices.v1]);
  });

  it('rejects incomplete or mixed prices, naming the field and the fix', async () => {
    const noCapex = await t.gql(
      SET_PRICE,
      { input: { profileId: owned, pricing: 'OWNED', currency: 'USD', amortisationYears: 3 } },
      analyst,
    );
    expect(noCapex.errors?.[0]?.message).toBe(
      'setHardwarePrice.input.capex: OWNED pricing needs capex (purchase price)',
    );
    const mixed = await t.gql(
      SET_PRICE,
      { input: { profileId: cloud, pricing: 'CLOUD', currency: 'USD', onDemandPerHour: 3, capex: 10 } },
      analyst,
    );
    expect(mixed.errors?.[0]?.message).toMatch(
      /^setHardwarePrice\.input\.capex: applies to OWNED pricing only/,
    );
    const noHourly = await t.gql(
      SET_PRICE,
      { input: { profileId: cloud, pricing: 'CLOUD', currency: 'USD' } },
      analyst,
    );
    expect(noHourly.errors?.[0]?.message).toMatch(/needs onDemandPerHour and\/or reservedPerHour/);
    const badPue = await t.gql(
      SET_PRICE,
      {
        input: {
          profileId: owned,
          pricing: 'OWNED',
          currency: 'USD',
          capex: 1,
          amortisationYears: 1,
          pue: 0.5,
        },
      },
      analyst,
    );
    expect(badPue.errors?.[0]?.message).toMatch(/^setHardwarePrice\.input\.pue: must be >= 1/);
    const unknown = await t.gql(
      SET_PRICE,
      { input: { profileId: 'nope', pricing: 'CLOUD', currency: 'USD', onDemandPerHour: 1 } },
      analyst,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps names unique and refuses writes from VIEWER and AGENT tokens', async () => {
    const dup = await t.gql(
      CREATE,
      { input: { name: '8x H100 on-prem', vendor: 'NVIDIA', acceleratorModel: 'H100', acceleratorCount: 8 } },
      analyst,
    );
    expect(dup.errors?.[0]?.message).toMatch(/^createHardwareProfile\.input\.name: a profile named/);
    const viewer = await t.gql<{ createToken: { token: string } }>(
      'mutation { createToken(input: { role: VIEWER, name: "exec" }) { token } }',
      {},
      t.adminToken,
    );
    for (const token of [viewer.data!.createToken.token, agent.token]) {
      const denied = await t.gql(
        CREATE,
        { input: { name: 'x', vendor: 'AMD', acceleratorModel: 'MI300X', acceleratorCount: 1 } },
        token,
      );
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const read = await t.gql<{ hardwareProfiles: { name: string }[] }>(
      '{ hardwareProfiles { name } }',
      {},
      viewer.data!.createToken.token,
    );
    expect(read.data!.hardwareProfiles.map((p) => p.name)).toEqual(['4x H100 cloud', '8x H100 on-prem']);
  });

  it('matches runs by vendor, model and count, and lets a link override the match', async () => {
    const eight = await startRun(t, agent.token, { hardware: h100(8) });
    const four = await startRun(t, agent.token, { hardware: h100(4) });
    const two = await startRun(t, agent.token, { hardware: h100(2) });
    const profileOf = async (id: string) =>
      (
        await t.gql<{ run: { hardwareProfile: { how: string; profile: { id: string } } | null } }>(
          RUN_PROFILE,
          { id },
          analyst,
        )
      ).data!.run.hardwareProfile;
    expect(await profileOf(eight)).toEqual({ how: 'MATCHED', profile: { id: owned } });
    expect(await profileOf(four)).toEqual({ how: 'MATCHED', profile: { id: cloud } });
    expect(await profileOf(two)).toBeNull();
    const link = await t.gql(
      'mutation($r: ID!, $p: ID!) { linkRunToHardwareProfile(runId: $r, profileId: $p) { runId profileId } }',
      { r: two, p: owned },
      analyst,
    );
    expect(link.errors).toBeUndefined();
    expect(await profileOf(two)).toEqual({ how: 'LINKED', profile: { id: owned } });
    // Re-linking replaces the link.
    await t.gql(
      'mutation($r: ID!, $p: ID!) { linkRunToHardwareProfile(runId: $r, profileId: $p) { runId } }',
      { r: two, p: cloud },
      analyst,
    );
    expect(await profileOf(two)).toEqual({ how: 'LINKED', profile: { id: cloud } });
    const byProfile = await t.gql<{ runs: { edges: { node: { id: string } }[] } }>(
      'query($p: ID!) { runs(filter: { hardwareProfileId: $p }) { edges { node { id } } } }',
      { p: cloud },
      analyst,
    );
    expect(byProfile.data!.runs.edges.map((e) => e.node.id).sort()).toEqual([four, two].sort());
    const missing = await t.gql(
      'mutation($r: ID!) { linkRunToHardwareProfile(runId: $r, profileId: "nope") { runId } }',
      { r: two },
      analyst,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
