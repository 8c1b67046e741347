import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * llama.cpp's own quantizer as a test oracle: ggml-quantize-oracle.c (next to this file), compiled
 * here with the system C compiler, dlopens the libggml-base shipped in node-llama-cpp's prebuilt
 * package for this platform and runs ggml_quantize_chunk. Nothing is downloaded: the library is
 * the one `npm ci` installed. Returns null (with the reason) where no compiler or package exists.
 */
export interface GgmlOracle {
  library: string;
  quantize(typeId: number, values: Float32Array, rowLength: number): Uint8Array;
}

const PACKAGES: Record<string, { name: string; lib: string }> = {
  'linux-x64': { name: '@node-llama-cpp/linux-x64', lib: 'libggml-base.so' },
  'linux-arm64': { name: '@node-llama-cpp/linux-arm64', lib: 'libggml-base.so' },
  'darwin-arm64': { name: '@node-llama-cpp/mac-arm64-metal', lib: 'libggml-base.dylib' },
  'darwin-x64': { name: '@node-llama-cpp/mac-x64', lib: 'libggml-base.dylib' },
};

export function ggmlOracle(): GgmlOracle | { unavailable: string } {
  const platform = PACKAGES[`${process.platform}-${process.arch}`];
  if (!platform)
    return { unavailable: `no prebuilt llama.cpp package for ${process.platform}-${process.arch}` };
  let library: string;
  try {
    const fromBinding = createRequire(createRequire(import.meta.url).resolve('node-llama-cpp'));
    const packageDir = dirname(dirname(fromBinding.resolve(platform.name)));
    const binsDir = join(packageDir, 'bins');
    const [folder] = readdirSync(binsDir);
    library = join(binsDir, folder!, platform.lib);
    if (!existsSync(library)) return { unavailable: `${library} not found` };
  } catch (error) {
    return { unavailable: `${platform.name} is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  const compiler = process.env.CC ?? 'cc';
  const binary = join(mkdtempSync(join(tmpdir(), 'ggml-oracle-')), 'ggml-quantize-oracle');
  const source = join(dirname(fileURLToPath(import.meta.url)), 'ggml-quantize-oracle.c');
  const compiled = spawnSync(compiler, [
    '-O1',
    '-o',
    binary,
    source,
    ...(process.platform === 'linux' ? ['-ldl'] : []),
  ]);
  if (compiled.error || compiled.status !== 0)
    return {
      unavailable: `no C compiler (${compiler}): ${compiled.error?.message ?? compiled.stderr.toString()}`,
    };
  return {
    library,
    quantize(typeId, values, rowLength) {
      const run = spawnSync(
        binary,
        [library, String(typeId), String(values.length / rowLength), String(rowLength)],
        {
          input: Buffer.from(values.buffer, values.byteOffset, values.byteLength),
          maxBuffer: 1 << 28,
        },
      );
      if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr.toString()}`);
      return new Uint8Array(run.stdout);
    },
  };
}
