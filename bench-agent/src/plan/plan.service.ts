import { loadScenarioFile } from '../scenario/scenario.loader';
import { LaunchedServer } from './server-launcher';
import { measuredRun, type MeasurementOptions, type MeasuredSummary } from '../workers/measured-run';
import { runSweep } from '../sweep/sweep.service';
import type { SweepPoint, SweepRow } from '../sweep/sweep.types';
import type { RunOptions } from '../run/run.service';
import type { LoadedPlan } from './plan.schema';

/** What happened to one launch profile. */
export interface ProfileResult {
  quantization: string;
  logFile: string;
  /** Seconds from launch to a healthy answer (null: never healthy). */
  startupS: number | null;
  status: 'COMPLETED' | 'ABORTED' | 'FAILED';
  error?: string;
  summary?: MeasuredSummary;
  rows?: SweepRow[];
  runId?: string;
  serverExit?: string;
}

export interface PlanRunOptions {
  plan: LoadedPlan;
  base: Omit<RunOptions, 'targetUrl' | 'scenario' | 'quantization'>;
  measurement?: MeasurementOptions;
  log?: (line: string) => void;
}

/**
 * Runs a plan: for each profile, start its server, wait for health, benchmark (one run or a sweep) with
 * the profile's quantization label, stop the server's process group, keep its log. A profile that
 * fails to start is recorded as FAILED and the plan moves on to the next.
 */
export async function runPlan(o: PlanRunOptions): Promise<ProfileResult[]> {
  const { plan } = o;
  const log = o.log ?? (() => {});
  const scenario = loadScenarioFile(plan.scenarioPath);
  const results: ProfileResult[] = [];
  for (const profile of plan.profiles) {
    if (o.base.signal?.aborted) break;
    const server = new LaunchedServer({
      name: profile.quantization,
      command: profile.command,
      healthUrl:
        profile.health_url ??
        new URL('v1/models', plan.target.endsWith('/') ? plan.target : `${plan.target}/`).href,
      startupTimeoutMs: (profile.startup_timeout_s ?? plan.startup_timeout_s) * 1000,
      stopTimeoutMs: plan.stop_timeout_s * 1000,
      logDir: plan.logDirPath,
      cwd: profile.cwd ? new URL(profile.cwd, `file://${plan.baseDir}/`).pathname : plan.baseDir,
      env: profile.env,
    });
    const result: ProfileResult = {
      quantization: profile.quantization,
      logFile: server.logFile,
      startupS: null,
      status: 'FAILED',
    };
    results.push(result);
    log(`[${profile.quantization}] starting: ${profile.command} (log ${server.logFile})`);
    try {
      result.startupS = (await server.waitHealthy(o.base.signal)) / 1000;
      log(`[${profile.quantization}] healthy after ${result.startupS.toFixed(1)} s`);
      const run: RunOptions = {
        ...o.base,
        targetUrl: plan.target,
        scenario,
        scenarioFile: plan.scenarioPath,
        quantization: profile.quantization,
        model: profile.model ?? o.base.model,
        overrides: {
          concurrency: plan.load?.concurrency,
          ratePerS: plan.load?.rate_per_s,
          requests: plan.load?.requests,
          durationS: plan.load?.duration_s,
        },
      };
      if (plan.sweep) {
        const points: SweepPoint[] = plan.sweep.concurrency
          ? plan.sweep.concurrency.map((value) => ({ kind: 'concurrency', value }))
          : plan.sweep.rates!.map((value) => ({ kind: 'rate', value }));
        result.rows = await runSweep({
          run,
          points,
          measurement: o.measurement,
          requestsPerPoint: plan.sweep.requests_per_point,
          durationSPerPoint: plan.sweep.duration_s_per_point,
        });
        result.status = o.base.signal?.aborted ? 'ABORTED' : 'COMPLETED';
      } else {
        const r = await measuredRun(run, o.measurement);
        result.summary = r.summary;
        result.status = r.status === 'ABORTED' ? 'ABORTED' : 'COMPLETED';
        result.runId = r.outcome?.upload?.runId;
      }
    } catch (err) {
      result.error = (err as Error).message;
      log(`[${profile.quantization}] failed: ${result.error}`);
    } finally {
      result.serverExit = await server.stop();
      log(`[${profile.quantization}] server stopped (${result.serverExit})`);
    }
  }
  return results;
}
