/**
 * Small deterministic PRNG (mulberry32) so weights and sampling are reproducible from a seed,
 * independent of the tfjs backend (tfjs' own random ops differ between backends).
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once (splitmix32 step) so nearby seeds give unrelated streams.
    let z = (seed | 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Fills a new Float32Array with normal(0, std) samples (Box-Muller). */
  normalArray(length: number, std: number): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i += 2) {
      const u1 = this.next() || 1e-12;
      const u2 = this.next();
      const radius = Math.sqrt(-2 * Math.log(u1)) * std;
      out[i] = radius * Math.cos(2 * Math.PI * u2);
      if (i + 1 < length) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
    }
    return out;
  }
}
