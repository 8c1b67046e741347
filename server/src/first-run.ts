import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { Role } from './auth/principal';
import type { RunningServer } from './index';
import { agents, runs } from './db/tables';
import { REPO_ROOT } from './paths';

/** Name of the agent the first-run benchmark uploads as. */
export const FIRST_RUN_AGENT_NAME = 'local-first-run';

/**
 * Quantization levels of the first-run benchmark: three through llama.cpp, whose kernels compute
 * with the stored low-bit blocks (so Q4_0 is faster than F16 here), and TensorFlow.js fp32 for
 * comparison (its fp16/int8/int4 only shrink storage). A level whose engine cannot run on this
 * machine is skipped by bench-embedded with the reason.
 */
export const FIRST_RUN_LEVELS = ['F16', 'Q8_0', 'Q4_0', 'fp32'] as const;

/**
 * On a fresh install (no runs yet), benchmarks this machine with the embedded engines so the UI
 * has data to show: spawns `bench-agent bench-embedded` against this server with an AGENT token.
 * Never throws: failures are logged and the server keeps running. Resolves with the child's exit
 * code, or null when nothing was started.
 */
export async function startFirstRunBench(
  server: RunningServer,
  log: (line: string) => void = (line) => console.log(line),
): Promise<number | null> {
  try {
    const existing = await server.db.db.select({ id: runs.id }).from(runs).limit(1);
    if (existing.length > 0) return null;
    const agentScript = join(REPO_ROOT, 'bench-agent/bin/yardstick-agent.js');
    if (!existsSync(agentScript)) {
      log(`[first-run] skipped: ${agentScript} not found`);
      return null;
    }
    const token = await agentToken(server);
    const args = [
      agentScript,
      'bench-embedded',
      '--server',
      server.url,
      '--token',
      token,
      '--scenario',
      join(REPO_ROOT, 'scenarios/smoke.yaml'),
      '--quantization',
      FIRST_RUN_LEVELS.join(','),
    ];
    log(
      `[first-run] No runs yet: benchmarking this machine with the embedded engines ` +
        `(llama.cpp ${FIRST_RUN_LEVELS.slice(0, 3).join(', ')}; TensorFlow.js fp32 for comparison).`,
    );
    log(`[first-run] The page at ${server.url} fills in as results arrive. Skip with --no-first-run-bench.`);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_ROOT });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => log(`[first-run] ${line}`));
    }
    return await new Promise<number | null>((resolve) => {
      child.on('error', (error) => {
        log(`[first-run] could not start the benchmark: ${error.message}`);
        resolve(null);
      });
      child.on('exit', (code, signal) => {
        log(
          code === 0
            ? '[first-run] benchmark finished.'
            : `[first-run] benchmark exited with ${signal ?? `code ${code}`}; the server keeps running.`,
        );
        resolve(code);
      });
    });
  } catch (error) {
    log(`[first-run] failed: ${(error as Error).message}; the server keeps running.`);
    return null;
  }
}

/** A fresh AGENT token for the local first-run agent, creating the agent the first time. */
async function agentToken(server: RunningServer): Promise<string> {
  const [agent] = await server.db.db
    .select({ id: agents.id })
    .from(agents)
    .where(eq(agents.name, FIRST_RUN_AGENT_NAME))
    .limit(1);
  if (agent) return server.services.tokens.create(Role.AGENT, FIRST_RUN_AGENT_NAME, agent.id);
  const registered = await server.services.agents.register(FIRST_RUN_AGENT_NAME);
  return registered.token;
}
