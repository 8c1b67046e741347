/**
 * The project's one seeded pseudo-random generator: mulberry32 (32-bit state, period 2^32, passes the
 * usual quick statistical checks). Load schedules, prompts, Monte Carlo draws, fuzz corpora and test
 * and benchmark data all draw from it, so the same seed gives the same numbers on every machine.
 * Not for anything secret.
 *
 * `const u = mulberry32(42); u()` → 0.6011037519 (always, for seed 42).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
