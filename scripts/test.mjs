#!/usr/bin/env node
// `npm test`: everything CI checks, in the order that fails fastest. Each step prints its own output.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const vitestReport = 'test-results/vitest.json';

const steps = [
  ['Lock file installs on every supported platform', 'node', ['scripts/check-lock.mjs']],
  ['Browser for end-to-end tests', 'node', ['scripts/ensure-chromium.mjs']],
  ['Generated files are current', 'npm', ['run', '-s', 'gen:check']],
  ['Lint and format', 'npm', ['run', '-s', 'lint']],
  ['Typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['Build the web UI', 'npm', ['run', '-s', 'build']],
  [
    'Tests (unit + end-to-end)',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  ],
];

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
};
/** A plain closing line that CI systems (and people) can read without knowing vitest's format. */
function printTally() {
  if (!existsSync(vitestReport)) return;
  const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`,
  );
}

rmSync(vitestReport, { force: true });
const started = Date.now();
for (const [title, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    printTally();
    console.error(`\n=== FAILED: ${title} (${secs} s, exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`=== ok: ${title} (${secs} s)`);
}
printTally();
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
