import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import type { Scenario } from '@yardstick/schema/scenario';
import type { LoadSpec, StopSpec } from '../executors/executor.types';

/** What the run resolved about its target before the first request (run.service.ts resolveModel). */
export interface ResolvedTarget {
  model: string;
  quantization: string;
  targetEngine: string;
  engineBackend: string | null;
  engineInfo?: unknown;
  /** Tokenizer name the target reports (the embedded engine does, in `yardstick.tokenizer`). */
  tokenizer?: string;
}

export interface RunConfigParts {
  scenario: Scenario;
  scenarioFile?: string | null;
  load: LoadSpec;
  stop: StopSpec;
  resolved: ResolvedTarget;
  targetUrl: string;
  target: MeasuredRunConfigInput['target'];
  /** Embedded engine details given by the caller (they win over what the target reports). */
  engineInfo?: unknown;
  /** The tokenizer prompts are synthesised under. */
  tokenizer: string;
  preconnect: MeasuredRunConfigInput['preconnect'];
}

/**
 * The run `config` the agent sends with startRun: the contract's MeasuredRunConfig
 * (schema/src/run-config.ts), which the server validates. Server tests build theirs with this too.
 */
export function buildRunConfig(p: RunConfigParts): MeasuredRunConfigInput {
  return {
    scenario: p.scenario,
    scenarioFile: p.scenarioFile ?? null,
    load: p.load,
    stop: p.stop,
    warmupRequests: p.scenario.warmup.requests,
    seed: p.scenario.seed,
    model: p.resolved.model,
    quantization: p.resolved.quantization,
    targetUrl: p.targetUrl,
    target: p.target,
    targetEngine: p.resolved.targetEngine,
    engineBackend: p.resolved.engineBackend,
    engine: p.engineInfo ?? p.resolved.engineInfo ?? null,
    targetTokenizer: p.resolved.tokenizer ?? null,
    tokenizer: p.tokenizer,
    timeoutS: p.scenario.timeout_s,
    preconnect: p.preconnect,
  };
}
