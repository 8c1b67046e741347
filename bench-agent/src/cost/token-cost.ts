/**
 * Cost per million tokens (FINANCE.md "Cost of running a model on hardware"). Pure functions.
 *
 *   $/Mtok = $/hour × 1e6 / (tokens/s × 3600)
 *
 * Read tokens/s at the operating point that meets the SLO (goodput), never interpolate $/Mtok itself.
 * The formula itself is the server's (`@yardstick/schema/cost`).
 */
import { costPerMillionTokensAtRate } from '@yardstick/schema/cost';

/**
 * Dollars per million tokens for an hourly cost and a throughput.
 * Example: $2.50/h at 1,000 tokens/s → 2.5 × 1e6 / 3.6e6 = $0.6944 per Mtok.
 * Returns null when the throughput is zero or unknown (no tokens: the cost per token is undefined).
 */
export function usdPerMillionTokens(usdPerHour: number, tokensPerS: number | null): number | null {
  if (tokensPerS === null || !Number.isFinite(usdPerHour)) return null;
  return costPerMillionTokensAtRate(usdPerHour, tokensPerS);
}

/** $/Mtok for input, output and total tokens; each attributes the whole hourly cost to that token kind. */
export interface TokenCost {
  inputUsdPerMtok: number | null;
  outputUsdPerMtok: number | null;
  totalUsdPerMtok: number | null;
}

/** Measured throughput while the hardware was busy (the benchmark's tokens/s). */
export interface BusyThroughput {
  inputTokensPerS: number | null;
  outputTokensPerS: number | null;
}

/**
 * Cost per million input / output / total tokens on both bases:
 * - usage basis: busy hours only, i.e. the benchmark's own throughput;
 * - allocation basis: every reserved hour, idle included: throughput × utilisation.
 *   Compare API prices with this one.
 *
 * Example: $4/h, 2,000 input + 1,000 output tokens/s busy, utilisation 0.5 →
 *   usage:      input 0.5556, output 1.1111, total 0.3704 $/Mtok
 *   allocation: input 1.1111, output 2.2222, total 0.7407 $/Mtok (÷ 0.5)
 * @throws RangeError when utilisation is outside (0, 1].
 */
export function tokenCostBases(
  usdPerHour: number,
  busy: BusyThroughput,
  utilisation = 1,
): { usage: TokenCost; allocation: TokenCost; utilisation: number; usdPerHour: number } {
  if (!(utilisation > 0 && utilisation <= 1)) {
    throw new RangeError(`utilisation must be in (0, 1] (got ${utilisation}); 1 = busy every reserved hour`);
  }
  const at = (scale: number): TokenCost => {
    const inp = busy.inputTokensPerS === null ? null : busy.inputTokensPerS * scale;
    const out = busy.outputTokensPerS === null ? null : busy.outputTokensPerS * scale;
    const total = inp === null && out === null ? null : (inp ?? 0) + (out ?? 0);
    return {
      inputUsdPerMtok: usdPerMillionTokens(usdPerHour, inp),
      outputUsdPerMtok: usdPerMillionTokens(usdPerHour, out),
      totalUsdPerMtok: usdPerMillionTokens(usdPerHour, total),
    };
  };
  return { usage: at(1), allocation: at(utilisation), utilisation, usdPerHour };
}

/**
 * Break-even utilisation against an API price: U* = C_hr × 1e6 / (3600 × tokens/s at SLO × API $/Mtok).
 * Example: $4/h, 1,000 tokens/s, API $2/Mtok → 4e6 / (3600 × 1000 × 2) = 0.5556 (own hardware is cheaper
 * when busy more than 55.6% of the time). Values above 1 mean the API is always cheaper.
 */
export function breakEvenUtilisation(
  usdPerHour: number,
  tokensPerS: number,
  apiUsdPerMtok: number,
): number | null {
  if (!(apiUsdPerMtok > 0)) return null;
  const deviceUsdPerMtok = costPerMillionTokensAtRate(usdPerHour, tokensPerS);
  return deviceUsdPerMtok === null ? null : deviceUsdPerMtok / apiUsdPerMtok;
}
