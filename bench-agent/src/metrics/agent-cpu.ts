import { performance } from 'node:perf_hooks';
import type { AgentCpuUsage } from '@yardstick/schema/run-summary';

/** The agent's own CPU use over a run: if it nears 100% of a core, the client may be skewing the numbers. */
export type { AgentCpuUsage };

/** Measures this process's CPU time from construction until `stop()` (process.cpuUsage, µs → s). */
export class AgentCpuMeter {
  private readonly startCpu = process.cpuUsage();
  private readonly startWall = performance.now();

  stop(): AgentCpuUsage {
    const cpu = process.cpuUsage(this.startCpu);
    const wallS = (performance.now() - this.startWall) / 1000;
    return agentCpuUsage(cpu.user / 1e6, cpu.system / 1e6, wallS, 1);
  }
}

/** Builds an AgentCpuUsage; agentCpuUsage(2, 0.5, 5, 1).percentOfOneCore === 50. */
export function agentCpuUsage(
  userS: number,
  systemS: number,
  wallS: number,
  processes: number,
): AgentCpuUsage {
  return {
    userS,
    systemS,
    wallS,
    percentOfOneCore: wallS > 0 ? ((userS + systemS) / wallS) * 100 : 0,
    processes,
  };
}

/** Sums the usage of several processes measured over the same run (wall = the longest). */
export function sumAgentCpu(parts: readonly AgentCpuUsage[]): AgentCpuUsage {
  const userS = parts.reduce((a, p) => a + p.userS, 0);
  const systemS = parts.reduce((a, p) => a + p.systemS, 0);
  const wallS = Math.max(0, ...parts.map((p) => p.wallS));
  return agentCpuUsage(
    userS,
    systemS,
    wallS,
    parts.reduce((a, p) => a + p.processes, 0),
  );
}
