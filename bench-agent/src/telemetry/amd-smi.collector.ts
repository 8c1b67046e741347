import { PollingCollector, runTool } from './polling.collector';
import { numberOrUndefined, type TelemetrySample } from './telemetry.types';

/** amd-smi prints metric values as `{ "value": 142, "unit": "W" }`, a bare number, or "N/A". */
function metricValue(raw: unknown): number | undefined {
  if (raw && typeof raw === 'object' && 'value' in raw)
    return numberOrUndefined((raw as { value: unknown }).value);
  return numberOrUndefined(raw);
}

function pick(group: unknown, keys: readonly string[]): number | undefined {
  if (!group || typeof group !== 'object') return undefined;
  for (const k of keys) {
    const v = metricValue((group as Record<string, unknown>)[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Parses `amd-smi metric --json` (ROCm amdsmi CLI, docs/how-to/amdsmi-cli-tool.md in ROCm/amdsmi).
 * ROCm 6.x prints a JSON array with one object per GPU; ROCm 7 wraps it as `{ "gpu_data": [...] }`.
 * Per GPU: `gpu` (index), `power.socket_power` (W; `average_socket_power` on some ASICs),
 * `usage.gfx_activity` (%), `mem_usage.used_vram` (MB), `temperature.hotspot`/`edge` (°C), each as
 * `{ value, unit }` or "N/A". Text before the JSON (warnings) is skipped.
 */
export function parseAmdSmiMetricJson(text: string, tMs: number): TelemetrySample[] {
  const start = text.search(/[[{]/);
  if (start < 0) throw new Error('amd-smi printed no JSON');
  const doc = JSON.parse(text.slice(start)) as unknown;
  const gpus = Array.isArray(doc) ? doc : (doc as { gpu_data?: unknown }).gpu_data;
  if (!Array.isArray(gpus)) throw new Error('amd-smi JSON has neither a GPU array nor "gpu_data"');
  return gpus.map((g: Record<string, unknown>, i) => {
    const sample: TelemetrySample = { tMs, source: 'amd-smi', device: `gpu${numberOrUndefined(g.gpu) ?? i}` };
    const powerW = pick(g.power, ['socket_power', 'average_socket_power', 'current_socket_power']);
    const util = pick(g.usage, ['gfx_activity']);
    const mem = pick(g.mem_usage, ['used_vram']);
    const temp = pick(g.temperature, ['hotspot', 'edge']);
    if (powerW !== undefined) sample.powerW = powerW;
    if (util !== undefined) sample.utilizationPct = util;
    if (mem !== undefined) sample.memoryUsedMiB = mem;
    if (temp !== undefined) sample.temperatureC = temp;
    return sample;
  });
}

/** AMD GPUs through `amd-smi metric --json`, polled once per interval. */
export class AmdSmiCollector extends PollingCollector {
  readonly name = 'amd-smi';

  protected async read(): Promise<TelemetrySample[]> {
    const tMs = this.now();
    const out = await runTool(this.options.command ?? 'amd-smi', ['metric', '--json']);
    const samples = parseAmdSmiMetricJson(out, tMs);
    if (samples.length === 0) throw new Error('amd-smi lists no GPUs');
    return samples;
  }
}
