#!/usr/bin/env node
// `npm run engine:gpu -- cuda|vulkan`: installs node-llama-cpp's prebuilt GPU build for this
// platform, which `npm ci` leaves out (docs/adr/0005-llama-cpp-engine.md: ~620 MB on linux-x64 that
// a host without that GPU never uses). The packages come from the npm registry through npm itself,
// at exactly the installed node-llama-cpp's version, with --no-save: package.json and the lock stay
// as they are, and the next `npm ci` removes them again (run this after it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const gpu = process.argv[2];
const platform = process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux';
const builds = {
  cuda: [
    `@node-llama-cpp/${platform}-${process.arch}-cuda`,
    `@node-llama-cpp/${platform}-${process.arch}-cuda-ext`,
  ],
  vulkan: [`@node-llama-cpp/${platform}-${process.arch}-vulkan`],
};
if (!(gpu in builds)) {
  console.error(
    'usage: npm run engine:gpu -- cuda|vulkan   (Metal needs nothing: the macOS arm64 build has it)',
  );
  process.exit(2);
}
if (platform === 'mac' || !['x64'].includes(process.arch)) {
  console.error(
    `gpu: node-llama-cpp publishes ${gpu} builds for linux-x64 and win-x64 only (this is ${process.platform}-${process.arch})`,
  );
  process.exit(1);
}
const require = createRequire(join(process.cwd(), 'bench-agent', 'package.json'));
const binding = JSON.parse(
  readFileSync(join(dirname(require.resolve('node-llama-cpp')), '..', 'package.json'), 'utf8'),
);
const specs = builds[gpu].map((name) => `${name}@${binding.version}`);
console.log(
  `installing ${specs.join(' ')} (node-llama-cpp ${binding.version}) without changing package.json or the lock`,
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', ...specs], {
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(
  `done: yardstick-agent serve-engine --gpu ${gpu} uses it where the host has the ${gpu === 'cuda' ? 'NVIDIA driver' : 'Vulkan loader'}`,
);
