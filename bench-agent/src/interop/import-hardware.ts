import { readFileSync } from 'node:fs';
import type { AcceleratorInput, HardwareInput } from '../graphql/agent-operations';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The hardware fields an imported run can know or not know. */
export const HARDWARE_FIELDS = [
  'hostname',
  'cpuModel',
  'cpuCores',
  'memoryBytes',
  'os',
  'accelerators',
] as const;
export type HardwareField = (typeof HARDWARE_FIELDS)[number];
export type HardwareFacts = Partial<Pick<HardwareInput, HardwareField>>;

/** Where some hardware facts come from: the source file, `--hardware FILE`, or this host (`--detect`). */
export interface HardwareLayer {
  /** e.g. "the source file (cpu_info, gpu_info)", "--hardware hw.json", "this host (--detect)". */
  label: string;
  facts: HardwareFacts;
  notes?: string[];
  raw?: unknown;
}

/**
 * What an unknown field is recorded as: empty text, 0, no accelerators — and its name in the notes
 * and in `raw.import.unknown`, so no reader takes it for a measurement.
 */
const UNKNOWN: Required<HardwareFacts> = {
  hostname: 'unknown',
  cpuModel: '',
  cpuCores: 0,
  memoryBytes: 0,
  os: '',
  accelerators: [],
};
/**
 * The hardware block of an imported run: each field from the first layer that states it (pass them
 * highest precedence first: `--hardware` file, then `--detect`, then the source file), else recorded
 * as unknown with the note "not in the source file". `raw.import` says where each field came from.
 */
export function importHardware(tool: string, layers: readonly HardwareLayer[]): HardwareInput {
  const fieldSources: Partial<Record<HardwareField, string>> = {};
  const unknown: HardwareField[] = [];
  const out = { ...UNKNOWN } as Required<HardwareFacts>;
  for (const field of HARDWARE_FIELDS) {
    const layer = layers.find((l) => l.facts[field] !== undefined);
    if (!layer) {
      unknown.push(field);
      continue;
    }
    (out as Record<HardwareField, unknown>)[field] = layer.facts[field];
    fieldSources[field] = layer.label;
  }
  const notes: string[] = [];
  for (const layer of layers) {
    const fields = HARDWARE_FIELDS.filter((f) => fieldSources[f] === layer.label);
    if (fields.length > 0) notes.push(`${fields.join(', ')}: from ${layer.label}`);
  }
  if (unknown.length > 0) {
    notes.push(
      `${unknown.join(', ')}: unknown, not in the source file (${tool}); pass --hardware FILE or --detect ` +
        'when you know the machine',
    );
  }
  notes.push(...layers.flatMap((l) => l.notes ?? []));
  return {
    ...out,
    notes,
    raw: {
      import: { tool, unknown, fieldSources },
      layers: Object.fromEntries(layers.filter((l) => l.raw !== undefined).map((l) => [l.label, l.raw])),
    },
  };
}

/** This host's detected inventory as a layer (`--detect`). */
export function detectedLayer(hw: HardwareInput): HardwareLayer {
  const { notes, raw, ...facts } = hw;
  return { label: 'this host (--detect)', facts, notes, raw };
}

/**
 * Reads `--hardware FILE`: JSON with any of hostname, cpuModel, cpuCores, memoryBytes, os, accelerators
 * (the output of `yardstick-agent detect --json` on the machine that produced the results fits).
 * Fields left out fall through to `--detect` or the source file.
 * @throws Error naming the file, the field and the expected value.
 */
export function readHardwareFile(file: string): HardwareLayer {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--hardware ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  return { label: `--hardware ${file}`, ...parseHardwareJson(body, `--hardware ${file}`) };
}

/** Checks a hardware JSON object; `where` prefixes every error (e.g. "--hardware hw.json"). */
export function parseHardwareJson(body: unknown, where: string): Omit<HardwareLayer, 'label'> {
  if (!isObject(body))
    throw new Error(`${where}: expected a JSON object like { "cpuModel": "…", "cpuCores": 64 }`);
  const facts: HardwareFacts = {};
  const text = (field: 'hostname' | 'cpuModel' | 'os', max: number): void => {
    const v = body[field];
    if (v === undefined || v === null) return;
    if (typeof v !== 'string' || v.length > max)
      throw new Error(`${where}: ${field} must be a string of at most ${max} characters`);
    facts[field] = v;
  };
  text('hostname', 255);
  text('cpuModel', 255);
  text('os', 500);
  if (body.cpuCores !== undefined && body.cpuCores !== null) {
    const n = body.cpuCores;
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 100_000)
      throw new Error(
        `${where}: cpuCores must be an integer 1-100000 (logical cores), got ${JSON.stringify(n)}`,
      );
    facts.cpuCores = n as number;
  }
  if (body.memoryBytes !== undefined && body.memoryBytes !== null) {
    const n = body.memoryBytes;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw new Error(`${where}: memoryBytes must be a number of bytes >= 0, got ${JSON.stringify(n)}`);
    facts.memoryBytes = n;
  }
  if (body.accelerators !== undefined && body.accelerators !== null) {
    if (!Array.isArray(body.accelerators))
      throw new Error(`${where}: accelerators must be an array of { vendor, model, memoryBytes?, driver? }`);
    facts.accelerators = body.accelerators.map((a, i) => accelerator(a, `${where}: accelerators.${i}`));
  }
  const notes = Array.isArray(body.notes) ? body.notes.filter((n): n is string => typeof n === 'string') : [];
  return { facts, notes, raw: body.raw ?? undefined };
}

function accelerator(a: unknown, where: string): AcceleratorInput {
  if (!isObject(a) || typeof a.vendor !== 'string' || typeof a.model !== 'string')
    throw new Error(
      `${where}: needs "vendor" and "model" strings, e.g. { "vendor": "NVIDIA", "model": "H100" }`,
    );
  const memoryBytes = a.memoryBytes ?? null;
  if (memoryBytes !== null && (typeof memoryBytes !== 'number' || memoryBytes < 0))
    throw new Error(`${where}: memoryBytes must be a number of bytes >= 0 or null`);
  const driver = a.driver ?? null;
  if (driver !== null && typeof driver !== 'string')
    throw new Error(`${where}: driver must be a string or null`);
  return { vendor: a.vendor, model: a.model, memoryBytes, driver };
}
