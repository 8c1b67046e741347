import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYamlWith } from '../cost/cost-profile.loader';

/**
 * A run plan (YAML): which server launch profiles to benchmark, one per quantization level, and how.
 *
 *   scenario: ../scenarios/chat.yaml       # relative to the plan file
 *   target: http://127.0.0.1:8000          # where every profile's server listens
 *   startup_timeout_s: 600                 # default for every profile
 *   sweep: { concurrency: [1, 4, 16] }     # optional: sweep each profile instead of one run
 *   profiles:
 *     - quantization: awq-int4
 *       command: vllm serve Qwen/Qwen2.5-7B-Instruct --quantization awq --port 8000
 *     - quantization: fp16
 *       command: vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000
 *       health_url: http://127.0.0.1:8000/health
 */
const ProfileSchema = z
  .object({
    /** Quantization label recorded with every run of this profile. */
    quantization: z.string().min(1),
    /** Shell command that starts the server (run with /bin/sh -c in its own process group). */
    command: z.string().min(1),
    /** URL polled until it answers 2xx (default: <target>/v1/models). */
    health_url: z.url().optional(),
    startup_timeout_s: z.number().positive().optional(),
    /** Extra environment variables for the command. */
    env: z.record(z.string(), z.string()).optional(),
    /** Working directory of the command (relative to the plan file; default: the plan's folder). */
    cwd: z.string().optional(),
    /** Model id to request (default: the scenario's, else the first from /v1/models). */
    model: z.string().optional(),
  })
  .strict();

export const PlanSchema = z
  .object({
    description: z.string().optional(),
    scenario: z.string().min(1),
    target: z.url(),
    startup_timeout_s: z.number().positive().default(300),
    /** Seconds to wait after SIGTERM before SIGKILL when stopping a server. */
    stop_timeout_s: z.number().positive().default(15),
    /** Where server logs go (relative to the plan file). */
    log_dir: z.string().default('plan-logs'),
    load: z
      .object({
        concurrency: z.number().int().positive().optional(),
        rate_per_s: z.number().positive().optional(),
        requests: z.number().int().positive().optional(),
        duration_s: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    sweep: z
      .object({
        concurrency: z.array(z.number().int().positive()).min(1).optional(),
        rates: z.array(z.number().positive()).min(1).optional(),
        requests_per_point: z.number().int().positive().optional(),
        duration_s_per_point: z.number().positive().optional(),
      })
      .strict()
      .refine((s) => (s.concurrency === undefined) !== (s.rates === undefined), {
        message: 'set exactly one of concurrency or rates',
      })
      .optional(),
    profiles: z.array(ProfileSchema).min(1, 'list at least one launch profile'),
  })
  .strict();

export type Plan = z.infer<typeof PlanSchema>;
export type PlanProfile = z.infer<typeof ProfileSchema>;

/** A loaded plan with its file paths resolved against the plan file's folder. */
export interface LoadedPlan extends Plan {
  file: string;
  baseDir: string;
  scenarioPath: string;
  logDirPath: string;
}

/**
 * Reads and validates a plan file.
 * @throws Error "<file>: invalid run plan" with one "<field path>: <problem>" line per issue.
 */
export function loadPlanFile(file: string): LoadedPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`plan ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const plan = parseYamlWith(PlanSchema, text, file, 'run plan');
  const baseDir = path.dirname(path.resolve(file));
  return {
    ...plan,
    file,
    baseDir,
    scenarioPath: path.resolve(baseDir, plan.scenario),
    logDirPath: path.resolve(baseDir, plan.log_dir),
  };
}
