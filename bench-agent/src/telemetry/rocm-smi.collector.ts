import { PollingCollector, runTool } from './polling.collector';
import { numberOrUndefined, type TelemetrySample } from './telemetry.types';

/** rocm-smi's power keys, newest first (MI300 reports "Current Socket Graphics Package Power (W)"). */
const POWER_KEYS = ['Current Socket Graphics Package Power (W)', 'Average Graphics Package Power (W)'];

/**
 * Parses `rocm-smi --showpower --showuse --json` (ROCm/rocm_smi_lib, python_smi_tools/rocm_smi.py):
 * `{ "card0": { "Average Graphics Package Power (W)": "35.0", "GPU use (%)": "99" }, "system": {...} }`
 * with every value a string. Non-card keys ("system") are skipped.
 */
export function parseRocmSmiJson(text: string, tMs: number): TelemetrySample[] {
  const start = text.indexOf('{');
  if (start < 0) throw new Error('rocm-smi printed no JSON');
  const doc = JSON.parse(text.slice(start)) as Record<string, Record<string, unknown>>;
  const out: TelemetrySample[] = [];
  for (const [key, card] of Object.entries(doc)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m || !card || typeof card !== 'object') continue;
    const sample: TelemetrySample = { tMs, source: 'rocm-smi', device: `gpu${m[1]}` };
    for (const k of POWER_KEYS) {
      const v = numberOrUndefined(card[k]);
      if (v !== undefined) {
        sample.powerW = v;
        break;
      }
    }
    const util = numberOrUndefined(card['GPU use (%)']);
    if (util !== undefined) sample.utilizationPct = util;
    out.push(sample);
  }
  return out;
}

/** AMD GPUs through the older `rocm-smi` (for ROCm releases without amd-smi). */
export class RocmSmiCollector extends PollingCollector {
  readonly name = 'rocm-smi';

  protected async read(): Promise<TelemetrySample[]> {
    const tMs = this.now();
    const out = await runTool(this.options.command ?? 'rocm-smi', ['--showpower', '--showuse', '--json']);
    const samples = parseRocmSmiJson(out, tMs);
    if (samples.length === 0) throw new Error('rocm-smi lists no cards');
    return samples;
  }
}
