/**
 * A real yardstick-server on a temp DuckDB file holding 6b's demo data set (server/scripts/seed-demo.ts:
 * >= 1,000 runs across hardware profiles, models and quantization levels, 20 initiatives), plus
 * ADMIN and VIEWER tokens. Shared by the web e2e test and the web budgets benchmark.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { graphql, repoRoot, startServerProcess, type ServerProcess } from './processes';

export const chromiumPath = process.env.YARDSTICK_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
];

export interface DemoServer {
  url: string;
  adminToken: string;
  viewerToken: string;
  seedSeconds: number;
  stop(): Promise<void>;
}

/** Seeds a fresh database with `runs` demo runs, starts the server on it and issues a viewer token. */
export async function startDemoServer(runs = 1000): Promise<DemoServer> {
  const workDir = mkdtempSync(join(tmpdir(), 'yardstick-web-'));
  const db = join(workDir, 'demo.duckdb');
  const t0 = performance.now();
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', resolve(repoRoot, 'server/scripts/seed-demo.ts'), '--db', db, '--runs', String(runs)],
    { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 },
  );
  if (seeded.status !== 0) {
    rmSync(workDir, { recursive: true, force: true });
    throw new Error(`seed-demo failed (exit ${seeded.status}):\n${seeded.stdout}\n${seeded.stderr}`);
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  let server: ServerProcess;
  try {
    server = await startServerProcess(db);
  } catch (err) {
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
  if (!server.adminToken) throw new Error(`server printed no admin token:\n${server.output()}`);
  const adminToken = server.adminToken;
  const viewer = await graphql<{ createToken: { token: string } }>(
    server.url,
    'mutation($input: CreateTokenInput!) { createToken(input: $input) { token } }',
    { input: { role: 'VIEWER', name: 'web e2e viewer' } },
    adminToken,
  );
  return {
    url: server.url,
    adminToken,
    viewerToken: viewer.createToken.token,
    seedSeconds,
    async stop() {
      await server.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
