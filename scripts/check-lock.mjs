#!/usr/bin/env node
// Fails when package-lock.json cannot install Yardstick on a supported platform.
//
// npm writes only the current platform's optional native packages into the lock when it is
// regenerated with a node_modules folder present (npm/cli#4828). `npm ci` on the same platform
// still passes, so nothing notices until someone on a Mac or an aarch64 GPU host gets a server that
// cannot open its database. Regenerate the lock from a clean tree instead:
//   rm -rf node_modules */node_modules && npm install --package-lock-only
import { readFileSync } from 'node:fs';

/** Supported platforms: the README promises Linux and macOS; aarch64 covers GH200/GB200 and Graviton. */
const PLATFORMS = [
  { os: 'linux', cpu: 'x64', libc: 'glibc' },
  { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
];

/** Packages whose native part ships as per-platform optional dependencies. */
const NATIVE_PARENTS = ['@duckdb/node-bindings', 'rollup', 'esbuild', 'turbo', 'node-llama-cpp'];

/**
 * node-llama-cpp's GPU builds (CUDA 12/13, Vulkan: ~620 MB on linux-x64) are opt-in
 * (docs/adr/0005-llama-cpp-engine.md): the lock leaves them out, so `npm ci` skips them, and
 * `npm run engine:gpu -- cuda|vulkan` installs them on a GPU host.
 */
const OPT_IN_GPU_BUILD = /^node_modules\/@node-llama-cpp\/.+-(cuda|cuda-ext|vulkan)$/;

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const packages = lock.packages ?? {};

const matches = (list, value) => !list || list.includes(value);
// A platform binary names both its os and cpu (fsevents names only an os and is not one).
const isPlatformBinary = (dep) => Array.isArray(dep?.os) && Array.isArray(dep?.cpu);
const problems = [];
for (const parent of NATIVE_PARENTS) {
  const entry = packages[`node_modules/${parent}`];
  if (!entry) {
    problems.push(`${parent} is not in package-lock.json`);
    continue;
  }
  const optional = Object.keys(entry.optionalDependencies ?? {});
  for (const p of PLATFORMS) {
    const found = optional.some((name) => {
      const dep = packages[`node_modules/${name}`];
      return (
        isPlatformBinary(dep) &&
        matches(dep.os, p.os) &&
        matches(dep.cpu, p.cpu) &&
        (!p.libc || matches(dep.libc, p.libc))
      );
    });
    if (!found) problems.push(`${parent}: no native package for ${p.os}-${p.cpu} in package-lock.json`);
  }
}

const gpuBuilds = Object.keys(packages).filter((path) => OPT_IN_GPU_BUILD.test(path));
if (gpuBuilds.length > 0) {
  console.error(
    `${gpuBuilds.join(', ')}: node-llama-cpp's GPU builds are opt-in; delete these entries from ` +
      'package-lock.json and run npm install (npm keeps an optional dependency that the lock omits out)',
  );
  process.exit(1);
}

if (problems.length > 0) {
  for (const line of problems) console.error(line);
  console.error(
    'Regenerate the lock from a clean tree: rm -rf node_modules */node_modules && npm install --package-lock-only',
  );
  process.exit(1);
}
console.log(
  `package-lock.json installs ${NATIVE_PARENTS.join(', ')} on ${PLATFORMS.map((p) => `${p.os}-${p.cpu}`).join(', ')}`,
);
