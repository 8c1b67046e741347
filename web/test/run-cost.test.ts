import { describe, expect, it } from 'vitest';
import { priceRun } from '../../bench-agent/src/cost/run-cost';
import { runCostOf } from '../src/lib/run-cost';

// The agent's own cost block (bench-agent priceRun, what it stores in summary.cost) read by the run page.
describe('run cost from the agent summary', () => {
  it('reads what the agent writes for --price-usd-per-hour', () => {
    const cost = priceRun(
      { kind: 'hourly', usdPerHour: 2.5 },
      { inputTokensPerS: 2000, outputTokensPerS: 1000 },
      { utilisation: 0.5, basis: 'goodput' },
    );
    const read = runCostOf({ requests: 10, cost });
    expect(read).toEqual({
      usdPerHour: 2.5,
      outputUsdPerMtokUsage: (2.5 * 1e6) / (1000 * 3600),
      outputUsdPerMtokAllocation: (2.5 * 1e6) / (500 * 3600),
      utilisation: 0.5,
      basis: 'goodput',
    });
  });

  it('is null for a run without a price, whatever the summary holds', () => {
    expect(runCostOf({ requests: 10 })).toBeNull();
    expect(runCostOf(null)).toBeNull();
    expect(runCostOf({ cost: { usdPerHour: 'free' } })).toBeNull();
  });
});
