import { Command } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { loadScenarioFile } from '../scenario/scenario.loader';
import { engineOfLevel, parseLevelList, withEngineOptions, type EngineFlags } from './engine.options';
import {
  describeEngine,
  describePerformance,
  describeSkipped,
  engineAction,
  measureEngineQuality,
  measureLlamaCppQuality,
  startEngineServer,
  type EngineOptions,
  type QualityReport,
} from './engine.loader';
import { reportOutcome, runWithConsole } from './run.command';

interface BenchFlags extends EngineFlags {
  server: string;
  token: string;
  scenario: string;
  quantization: string[];
  modelFile?: string;
  quality: boolean;
  spoolDir?: string;
}

/** Quality of one level as stored with its run (in the run config, `engine.quality`). */
export interface StoredQuality {
  reference: string;
  promptSet: string;
  positions: number;
  meanKlNats: number;
  maxKlNats: number;
  top1Agreement: number;
}

export const DEFAULT_LEVELS = 'F16,Q8_0,Q4_0,fp32';

export function benchEmbeddedCommand(): Command {
  return withEngineOptions(
    new Command('bench-embedded').description(
      'Benchmark the embedded engines at each quantization level and upload every run (with its quality vs full precision)',
    ),
  )
    .requiredOption('--server <url>', 'Yardstick server (e.g. http://127.0.0.1:4000)')
    .requiredOption('--token <token>', 'agent token')
    .requiredOption('--scenario <file>', 'scenario YAML file')
    .option(
      '--quantization <list>',
      'comma-separated levels; GGUF names run on llama.cpp (F32,F16,Q8_0,Q6_K,Q5_K,Q4_K,Q4_0), fp32/fp16/int8/int4 on TensorFlow.js',
      parseLevelList,
      parseLevelList(DEFAULT_LEVELS),
    )
    .option('--model-file <path.gguf>', 'benchmark your own GGUF model on llama.cpp instead (one run)')
    .option('--no-quality', 'skip the quality check (mean KL divergence vs F32/fp32) stored with each run')
    .option('--spool-dir <dir>', 'spool folder (default ~/.yardstick/spool)')
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent bench-embedded --server http://127.0.0.1:4000 --token $T --scenario scenarios/smoke.yaml
  $ yardstick-agent bench-embedded ... --preset smollm-135m --quantization F16,Q8_0,Q4_0,fp32
  $ yardstick-agent bench-embedded ... --engine tfjs --quantization fp32,int8 --preset tiny
  $ yardstick-agent bench-embedded ... --model-file ~/models/llama-3.2-1b-instruct-q4_k_m.gguf

llama.cpp computes with the stored low-bit blocks (fewer bytes per token: Q4_0 is faster than F16);
TensorFlow.js stores fp16/int8/int4 but computes in fp32 (quantization saves memory, costs time).
Levels whose engine cannot run here are skipped with the reason. After each run the achieved
bytes/s of prefill and decode are printed as fractions of this machine's measured ceilings.`,
    )
    .action(
      engineAction(async (flags: BenchFlags) => {
        const scenario = loadScenarioFile(flags.scenario);
        const hardware = await detectHardware();
        const levels = flags.modelFile ? [null] : flags.quantization;
        const quality =
          flags.quality && !flags.modelFile ? await qualityByLevel(flags, levels as string[]) : new Map();
        let completed = 0;
        for (const [i, level] of levels.entries()) {
          const what = level ?? flags.modelFile!;
          process.stdout.write(
            `[${i + 1}/${levels.length}] starting embedded engine (${flags.preset}, ${what})\n`,
          );
          let engine;
          try {
            engine = await startEngineServer({
              engine: level ? engineOfLevel(level) : 'llamacpp',
              preset: flags.preset,
              quantization: (level ?? undefined) as EngineOptions['quantization'],
              modelFile: flags.modelFile,
              backend: flags.backend,
              gpu: flags.gpu,
              threads: flags.threads,
              port: 0,
              log: (l) => process.stdout.write(`  ${l}\n`),
            });
          } catch (error) {
            // One engine missing on this host must not cost the other engine's runs.
            process.stdout.write(`  skipped ${what}: ${(error as Error).message}\n`);
            continue;
          }
          try {
            const { info } = engine;
            process.stdout.write(`  ${info.modelId} on ${engine.url}: ${describeEngine(info)}\n`);
            for (const line of describeSkipped(info)) process.stdout.write(`  skipped ${line}\n`);
            const levelQuality = level ? quality.get(level.toLowerCase()) : undefined;
            const outcome = await runWithConsole({
              targetUrl: engine.url,
              scenario,
              scenarioFile: flags.scenario,
              model: info.modelId,
              quantization: info.quantization,
              targetEngine: 'yardstick-embedded',
              engineBackend: info.backend,
              engineInfo: { ...info, quality: levelQuality ?? null },
              hardware,
              server: { url: flags.server, token: flags.token, spoolDir: flags.spoolDir },
              // Achieved FLOP/s and bytes/s against this machine's ceilings, stored with the run.
              finalizeSummary: async (summary) => ({
                ...summary,
                enginePerformance: await engine.performance(),
              }),
            });
            reportOutcome(outcome);
            for (const line of describePerformance(await engine.performance(), info))
              process.stdout.write(`  ${line}\n`);
            if (levelQuality)
              process.stdout.write(
                `  quality vs ${levelQuality.reference}: mean KL ${levelQuality.meanKlNats.toExponential(3)} nats, ` +
                  `top-1 agreement ${(levelQuality.top1Agreement * 100).toFixed(1)}%\n`,
              );
            if (outcome.status === 'ABORTED') {
              process.exitCode = 130;
              return;
            }
            completed += 1;
          } finally {
            await engine.close();
          }
        }
        if (completed === 0)
          throw new Error('no level could be benchmarked on this machine (see the skipped lines above)');
      }),
    );
}

/**
 * Each level's divergence from its engine's full-precision run (llama.cpp: F32, in a child
 * process; tfjs: fp32), measured once before the runs so it is stored with each of them. A failed
 * check is reported and leaves that engine's runs without a quality figure.
 */
async function qualityByLevel(flags: BenchFlags, levels: string[]): Promise<Map<string, StoredQuality>> {
  const out = new Map<string, StoredQuality>();
  const store = (report: QualityReport) => {
    for (const l of report.levels)
      out.set(l.quantization, {
        reference: report.reference,
        promptSet: report.promptSet,
        positions: report.positions,
        meanKlNats: l.meanKlNats,
        maxKlNats: l.maxKlNats,
        top1Agreement: l.top1Agreement,
      });
  };
  const llama = levels.filter((l) => engineOfLevel(l) === 'llamacpp' && l !== 'F32');
  const tfjs = levels.filter((l) => engineOfLevel(l) === 'tfjs' && l !== 'fp32');
  const started = performance.now();
  if (llama.length > 0) {
    try {
      store(
        await measureLlamaCppQuality({
          preset: flags.preset,
          levels: llama,
          seed: 0,
          continuationTokens: 8,
          gpu: flags.gpu,
          threads: flags.threads,
        }),
      );
    } catch (error) {
      process.stdout.write(`quality check (llama.cpp) skipped: ${(error as Error).message}\n`);
    }
  }
  if (tfjs.length > 0) {
    try {
      const { report } = await measureEngineQuality(flags.backend, {
        preset: flags.preset,
        levels: tfjs as ('fp16' | 'int8' | 'int4')[],
        continuationTokens: 8,
      });
      store(report);
    } catch (error) {
      process.stdout.write(`quality check (tfjs) skipped: ${(error as Error).message}\n`);
    }
  }
  // The references themselves: identical to themselves by definition.
  for (const reference of ['F32', 'fp32']) {
    const name = reference.toLowerCase();
    if (levels.includes(reference))
      out.set(name, {
        reference: name,
        promptSet: '',
        positions: 0,
        meanKlNats: 0,
        maxKlNats: 0,
        top1Agreement: 1,
      });
  }
  if (out.size > 0)
    process.stdout.write(
      `quality vs full precision measured for ${[...out.keys()].join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  return out;
}
