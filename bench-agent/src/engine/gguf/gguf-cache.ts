import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelConfig } from '../model-config';
import type { LlamaCppLevel } from './llamacpp-levels';
import { writeSeededGguf } from './seeded-gguf';

/** A seeded preset written as GGUF for llama.cpp, as found in (or added to) the cache folder. */
export interface SeededGgufInfo {
  path: string;
  sha256: string;
  bytes: number;
  /** True when this start wrote the file (first use), false when the cached one was verified and used. */
  generated: boolean;
}

/**
 * Bumped whenever the seeded GGUF content changes (weights, layout, metadata, quantizers), so
 * files cached by an older writer are regenerated instead of silently reused.
 */
export const SEEDED_GGUF_VERSION = 1;

/**
 * Where generated GGUF files live: `$YARDSTICK_CACHE_DIR/gguf`, else `$XDG_CACHE_HOME/yardstick/gguf`,
 * else `~/.cache/yardstick/gguf`. Never inside the repository.
 */
export function ggufCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.YARDSTICK_CACHE_DIR) return join(env.YARDSTICK_CACHE_DIR, 'gguf');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'yardstick', 'gguf');
}

interface Manifest {
  version: number;
  preset: string;
  seed: number;
  level: LlamaCppLevel;
  bytes: number;
  sha256: string;
}

/**
 * The preset's GGUF at `level`, generated on first use: written to a temporary name, hashed
 * (SHA-256), then renamed together with a manifest `<file>.json` holding the checksum. Later uses
 * re-hash the file and compare, so a truncated or altered file is regenerated, never loaded.
 */
export async function ensureSeededGguf(
  config: ModelConfig,
  seed: number,
  level: LlamaCppLevel,
  dir = ggufCacheDir(),
  log: (line: string) => void = () => {},
): Promise<SeededGgufInfo> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `yardstick-${config.preset}-seed${seed}-${level}.gguf`);
  const manifestPath = `${path}.json`;
  const expected = readManifest(manifestPath);
  if (
    expected &&
    expected.version === SEEDED_GGUF_VERSION &&
    existsSync(path) &&
    statSync(path).size === expected.bytes
  ) {
    if ((await sha256File(path)) === expected.sha256)
      return { path, sha256: expected.sha256, bytes: expected.bytes, generated: false };
    log(`gguf: ${path} does not match its checksum; writing it again`);
  }
  const started = performance.now();
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    const bytes = writeSeededGguf(temporary, config, seed, level);
    const sha256 = await sha256File(temporary);
    const manifest: Manifest = {
      version: SEEDED_GGUF_VERSION,
      preset: config.preset,
      seed,
      level,
      bytes,
      sha256,
    };
    renameSync(temporary, path);
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    log(
      `gguf: wrote ${path} (${(bytes / 1e6).toFixed(1)} MB, sha256 ${sha256.slice(0, 12)}…) in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return { path, sha256, bytes, generated: true };
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readManifest(path: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** SHA-256 of a file, hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
