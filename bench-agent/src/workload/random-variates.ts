import type { Rng } from '../util/rng';

/**
 * Gamma variate with the given shape k and scale θ (mean kθ, variance kθ²), by Marsaglia and Tsang's
 * method (ACM TOMS 26(3), 2000); shapes below 1 use the boost Gamma(k) = Gamma(k + 1) · U^(1/k).
 * Example: with shape 4 and scale 0.25 the draws average 1.0 with a standard deviation of 0.5.
 */
export function gammaVariate(rng: Rng, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0))
    throw new Error(`gamma needs shape > 0 and scale > 0 (got ${shape}, ${scale})`);
  if (shape < 1) {
    const u = 1 - rng.next(); // (0, 1]
    return gammaVariate(rng, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal(0, 1);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return d * v * scale;
  }
}

/**
 * Parameters (μ, σ) of the underlying normal for a log-normal with the given mean and standard deviation
 * (in the variate's own units): σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
 * Example: mean 1000, stddev 500 → σ ≈ 0.4724, μ ≈ 6.7960 (median e^μ ≈ 894).
 */
export function lognormalParams(mean: number, stddev: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (stddev * stddev) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Log-normal variate with the given mean and standard deviation (see {@link lognormalParams}). */
export function lognormalVariate(rng: Rng, mean: number, stddev: number): number {
  const { mu, sigma } = lognormalParams(mean, stddev);
  return Math.exp(rng.normal(mu, sigma));
}
