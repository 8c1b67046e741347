import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAgent, startTestServer, type TestServer } from './helpers';

const SET_RATE = `mutation($input: SetCurrencyRateInput!) {
  setCurrencyRate(input: $input) { id currency usdPerUnit effectiveFrom } }`;
const CONVERT = `query($amount: Float!, $from: String!, $to: String!, $asOf: DateTime) {
  convertCurrency(amount: $amount, from: $from, to: $to, asOf: $asOf) { amount currency asOf rateIds } }`;

describe('currency rates: dated versions and conversion as of a date', () => {
  let t: TestServer;
  let analyst: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer();
    const res = await t.gql<{ createToken: { token: string } }>(
      'mutation { createToken(input: { role: ANALYST, name: "finance" }) { token } }',
      {},
      t.adminToken,
    );
    analyst = res.data!.createToken.token;
    for (const [key, currency, usdPerUnit, effectiveFrom] of [
      ['eurJan', 'EUR', 1.1, '2026-01-01T00:00:00Z'],
      ['eurMar', 'EUR', 1.2, '2026-03-01T00:00:00Z'],
      ['gbpJan', 'GBP', 1.25, '2026-01-01T00:00:00Z'],
    ] as const) {
      const set = await t.gql<{ setCurrencyRate: { id: string } }>(
        SET_RATE,
        { input: { currency, usdPerUnit, effectiveFrom } },
        analyst,
      );
      expect(set.errors).toBeUndefined();
      ids[key] = set.data!.setCurrencyRate.id;
    }
  });
  afterAll(() => t.close());

  const convert = (amount: number, from: string, to: string, asOf: string) =>
    t.gql<{ convertCurrency: { amount: number; rateIds: string[] } }>(
      CONVERT,
      { amount, from, to, asOf },
      analyst,
    );

  it('uses the rate effective at the report date', async () => {
    const feb = await convert(100, 'EUR', 'USD', '2026-02-15T00:00:00Z');
    expect(feb.data!.convertCurrency.amount).toBeCloseTo(110, 9);
    expect(feb.data!.convertCurrency.rateIds).toEqual([ids.eurJan]);
    const apr = await convert(100, 'EUR', 'USD', '2026-04-01T00:00:00Z');
    expect(apr.data!.convertCurrency.amount).toBeCloseTo(120, 9);
    expect(apr.data!.convertCurrency.rateIds).toEqual([ids.eurMar]);
  });

  it('converts between two non-USD currencies through USD', async () => {
    // 100 EUR = 110 USD = 88 GBP in February.
    const res = await convert(100, 'EUR', 'GBP', '2026-02-15T00:00:00Z');
    expect(res.data!.convertCurrency.amount).toBeCloseTo(88, 9);
    expect(res.data!.convertCurrency.rateIds.sort()).toEqual([ids.eurJan, ids.gbpJan].sort());
  });

  it('says which rate is missing and how to add it', async () => {
    const res = await convert(100, 'EUR', 'USD', '2025-12-31T00:00:00Z');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/no EUR rate effective .*setCurrencyRate/);
  });

  it('lists every version, or the effective one per currency as of a date', async () => {
    const all = await t.gql<{ currencyRates: { id: string }[] }>('{ currencyRates { id } }', {}, analyst);
    expect(all.data!.currencyRates.map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
    const feb = await t.gql<{ currencyRates: { id: string }[] }>(
      'query($asOf: DateTime) { currencyRates(asOf: $asOf) { id } }',
      { asOf: '2026-02-15T00:00:00Z' },
      analyst,
    );
    expect(feb.data!.currencyRates.map((r) => r.id).sort()).toEqual([ids.eurJan, ids.gbpJan].sort());
  });

  it('validates codes and amounts, naming the field', async () => {
    const lower = await t.gql(SET_RATE, { input: { currency: 'eur', usdPerUnit: 1 } }, analyst);
    expect(lower.errors?.[0]?.message).toMatch(/^setCurrencyRate\.input\.currency: must be a 3-letter/);
    const zero = await t.gql(SET_RATE, { input: { currency: 'JPY', usdPerUnit: 0 } }, analyst);
    expect(zero.errors?.[0]?.message).toMatch(/^setCurrencyRate\.input\.usdPerUnit: must be > 0/);
    const usd = await t.gql(SET_RATE, { input: { currency: 'USD', usdPerUnit: 1 } }, analyst);
    expect(usd.errors?.[0]?.message).toMatch(/USD is the base currency/);
  });

  it('lets only ADMIN and ANALYST set rates', async () => {
    const agent = await registerAgent(t, 'rates-agent');
    const denied = await t.gql(SET_RATE, { input: { currency: 'CHF', usdPerUnit: 1.1 } }, agent.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await t.gql(SET_RATE, { input: { currency: 'CHF', usdPerUnit: 1.1 } }, t.adminToken);
    expect(admin.errors).toBeUndefined();
  });
});
