import { SeededRandom } from './seeded-random';

/**
 * Picks the next token from logits: greedy (argmax) when temperature is 0, else a draw from
 * softmax(logits / temperature) using the request's seeded generator.
 */
export function sampleToken(logits: Float32Array, temperature: number, rng: SeededRandom): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  if (temperature <= 0) return best;
  const max = logits[best]!;
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    weights[i] = Math.exp((logits[i]! - max) / temperature);
    total += weights[i]!;
  }
  let target = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target <= 0) return i;
  }
  return best;
}
