#!/usr/bin/env node
// `npm run bench`: runs every benchmark file (`<package>/bench/*.bench.ts`, `test/bench/*.bench.ts`) in
// its own process, one after another (benchmarks share two cores; running them together would skew
// both). Each benchmark measures its own baseline in the same run and prints ratios against it,
// because absolute timings on shared machines are noise. `npm run bench -- <substring>` runs the
// matching files only.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['schema', 'server', 'bench-agent', 'web', 'test'];
const filter = process.argv[2];
const files = roots
  .map((r) => join(r, 'bench'))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()
      .map((f) => join(dir, f)),
  )
  .filter((f) => !filter || f.includes(filter));

if (files.length === 0) {
  console.error(filter ? `No benchmark file matches "${filter}".` : 'No benchmark files found.');
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    console.error(`=== FAILED: ${file} (exit ${r.status ?? r.signal})`);
  }
}
console.log(`\n${files.length - failed} benchmark files ran, ${failed} failed.`);
process.exit(failed > 0 ? 1 : 0);
