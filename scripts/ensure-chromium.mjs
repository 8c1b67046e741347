#!/usr/bin/env node
// Makes sure a Chromium for the browser tests is present. Never downloads a browser build of its own
// (`npx playwright install` is not used): it installs Debian's `chromium` when running as root, and
// otherwise says exactly what to install. YARDSTICK_CHROMIUM overrides the path.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const chromiumPath = process.env.YARDSTICK_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

if (existsSync(chromiumPath)) {
  process.exit(0);
}
if (process.env.YARDSTICK_CHROMIUM) {
  console.error(
    `YARDSTICK_CHROMIUM=${chromiumPath} does not exist. Point it at a Chromium or Chrome binary.`,
  );
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('Chromium is needed for the browser tests; installing Debian package `chromium` ...');
  if (
    run('apt-get', ['update', '-q']) &&
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'])
  ) {
    if (existsSync(chromiumPath)) process.exit(0);
  }
  console.error('Installing chromium with apt-get failed; see the output above.');
  process.exit(1);
}
console.error(
  [
    'The browser tests need Chromium, and /usr/bin/chromium is missing.',
    hasApt
      ? 'Install it with:  sudo apt-get update && sudo apt-get install -y chromium'
      : 'Install Chromium with your package manager,',
    'or point YARDSTICK_CHROMIUM at an existing Chromium/Chrome binary, then run the tests again.',
  ].join('\n'),
);
process.exit(1);
