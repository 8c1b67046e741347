import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a bandwidth probe must not fit in: the machine's last-level cache, all its instances together. */
export interface LastLevelCache {
  level: number;
  /** Size of one instance (e.g. one CCD's L3). */
  bytesPerInstance: number;
  /** Distinct instances across the online CPUs (shared_cpu_list groups). */
  instances: number;
  /** Where the figures came from. */
  source: string;
}

/** Parses sysfs cache sizes: "32768K" = 33,554,432; "512K"; "8M". */
export function parseCacheSize(text: string): number {
  const match = /^(\d+)\s*([KMG]?)/i.exec(text.trim());
  if (!match) return 0;
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[
    match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'
  ];
  return Number(match[1]) * unit;
}

/**
 * Reads the last-level cache from Linux sysfs (/sys/devices/system/cpu/cpuN/cache/indexM/{level,
 * type,size,shared_cpu_list}): the highest data/unified level, counted once per group of CPUs
 * sharing it. Returns null where sysfs has no cache information (macOS, some containers).
 *
 * Example (this project's build machine): L3 32768K shared by cpus 0-1 -> 1 instance of 32 MiB.
 */
export function readLastLevelCache(root = '/sys/devices/system/cpu'): LastLevelCache | null {
  let cpus: string[];
  try {
    cpus = readdirSync(root).filter((name) => /^cpu\d+$/.test(name));
  } catch {
    return null;
  }
  let best: { level: number; bytes: number } | null = null;
  const groups = new Set<string>();
  for (const cpu of cpus) {
    let indexes: string[];
    try {
      indexes = readdirSync(join(root, cpu, 'cache')).filter((name) => name.startsWith('index'));
    } catch {
      continue;
    }
    for (const index of indexes) {
      const read = (file: string) => readFileSync(join(root, cpu, 'cache', index, file), 'utf8').trim();
      try {
        if (read('type') === 'Instruction') continue;
        const level = Number(read('level'));
        const bytes = parseCacheSize(read('size'));
        if (!best || level > best.level) {
          best = { level, bytes };
          groups.clear();
        }
        if (level === best.level) groups.add(read('shared_cpu_list'));
      } catch {
        continue;
      }
    }
  }
  if (!best || best.bytes === 0) return null;
  return {
    level: best.level,
    bytesPerInstance: best.bytes,
    instances: Math.max(1, groups.size),
    source: `${root}/cpu*/cache`,
  };
}

/** Falls back to systeminformation's cpuCache() (l3, else l2; one instance) where sysfs has nothing. */
export async function lastLevelCache(): Promise<LastLevelCache | null> {
  const fromSysfs = readLastLevelCache();
  if (fromSysfs) return fromSysfs;
  try {
    const si = await import('systeminformation');
    const cache = await si.cpuCache();
    const bytes = cache.l3 || cache.l2;
    if (!bytes) return null;
    return {
      level: cache.l3 ? 3 : 2,
      bytesPerInstance: bytes,
      instances: 1,
      source: 'systeminformation cpuCache()',
    };
  } catch {
    return null;
  }
}

/** A probe's working set: 4 × the whole last-level cache, at least 64 MiB, at most 4 GiB. */
export function probeWorkingSetBytes(cache: LastLevelCache | null): number {
  const llc = cache ? cache.bytesPerInstance * cache.instances : 0;
  return Math.min(4 * 1024 ** 3, Math.max(64 * 1024 ** 2, 4 * llc));
}

/** "32 MiB L3", "2 × 32 MiB L3", or "last-level cache unknown". */
export function describeCache(cache: LastLevelCache | null): string {
  if (!cache) return 'last-level cache unknown';
  return `${cache.instances > 1 ? `${cache.instances} × ` : ''}${cache.bytesPerInstance / 1024 ** 2} MiB L${cache.level}`;
}
