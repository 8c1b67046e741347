/** Display helpers. Every function renders null/undefined/NaN as an em dash. */

export const MISSING = '—';

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Fixed decimals with thousands separators (en-US style: 1,234.5). */
function grouped(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Milliseconds with precision that suits the size: 0.42 ms, 8.31 ms, 45.2 ms, 1,234 ms. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNumber(ms)) return MISSING;
  const abs = Math.abs(ms);
  const decimals = abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return `${grouped(ms, decimals)} ms`;
}

/** A rate without its unit: 0.52, 12.3, 1,234. */
export function formatRate(perS: number | null | undefined): string {
  if (!isNumber(perS)) return MISSING;
  const abs = Math.abs(perS);
  const decimals = abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return grouped(perS, decimals);
}

/** A whole count with separators: 12,345. */
export function formatCount(count: number | null | undefined): string {
  if (!isNumber(count)) return MISSING;
  return grouped(Math.round(count), 0);
}

/** Binary size: formatBytes(17179869184) -> "16 GiB", formatBytes(1536) -> "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes)) return MISSING;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded =
    unit === 0 || value >= 100 ? Math.round(value).toString() : Number(value.toFixed(1)).toString();
  return `${rounded} ${units[unit]}`;
}

/** Seconds as "42.0 s", "3 min 05 s" or "1 h 02 min". */
export function formatDurationS(durationS: number | null | undefined): string {
  if (!isNumber(durationS)) return MISSING;
  if (durationS < 60) return `${durationS.toFixed(1)} s`;
  const totalS = Math.round(durationS);
  const hours = Math.floor(totalS / 3600);
  const minutes = Math.floor((totalS % 3600) / 60);
  const seconds = totalS % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/**
 * An ISO timestamp as "2026-11-23 05:48:15" in the given time zone (the browser's by default).
 * Unparseable input is returned unchanged so nothing is silently hidden.
 */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** The hardware fields the runs table shows. */
export interface HardwareLabelInput {
  hostname: string;
  cpuModel: string;
  accelerators: { vendor: string; model: string }[];
}

/**
 * What the run ran on: the first accelerator (with "+N" for more), else the CPU model; plus the host.
 * hardwareLabel({hostname:'box', cpuModel:'EPYC', accelerators:[{vendor:'NVIDIA', model:'H100'}]})
 *   -> { device: 'NVIDIA H100', host: 'box' }
 */
export function hardwareLabel(hardware: HardwareLabelInput | null | undefined): {
  device: string;
  host: string;
} {
  if (!hardware) return { device: 'Unknown hardware', host: '' };
  const [first, ...rest] = hardware.accelerators;
  if (first) {
    const name = first.model.toLowerCase().startsWith(first.vendor.toLowerCase())
      ? first.model
      : `${first.vendor} ${first.model}`;
    return { device: rest.length > 0 ? `${name} +${rest.length}` : name, host: hardware.hostname };
  }
  return { device: hardware.cpuModel || 'Unknown CPU', host: hardware.hostname };
}

/** Colour family of a quantization badge: float widths, 8-bit and sub-8-bit integer formats. */
export type QuantizationTone = 'fp32' | 'half' | 'int8' | 'low-bit' | 'other';

/** quantizationTone('bf16') -> 'half', quantizationTone('Q4_K_M') -> 'low-bit'. */
export function quantizationTone(quantization: string): QuantizationTone {
  const q = quantization.toLowerCase();
  if (/^(fp|f)32$|^float32$/.test(q)) return 'fp32';
  if (/^(fp|f|bf)16$|^float16$|^bfloat16$|^half$/.test(q)) return 'half';
  if (/(^|[^0-9])(int|q|w|fp|f)?8($|[^0-9])/.test(q)) return 'int8';
  if (/(^|[^0-9])(int|q|w|fp|f|nf)?[1-6]($|[^0-9])/.test(q)) return 'low-bit';
  return 'other';
}
