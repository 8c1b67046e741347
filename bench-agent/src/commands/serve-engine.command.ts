import { Command, InvalidArgumentError } from 'commander';
import { ALL_LEVELS, parseLevelList, withEngineOptions, type EngineFlags } from './engine.options';
import {
  describeEngine,
  describeSkipped,
  engineAction,
  startEngineServer,
  type EngineOptions,
} from './engine.loader';
import { port, positiveInt } from './parse-options';

interface ServeFlags extends EngineFlags {
  quantization?: string;
  modelFile?: string;
  port: number;
  host: string;
  seed?: number;
  maxBatch: number;
  roofline: boolean;
}

function level(value: string): string {
  const [parsed] = parseLevelList(value);
  if (!parsed) throw new InvalidArgumentError(`use one of ${ALL_LEVELS.join(', ')}`);
  return parsed;
}

export function serveEngineCommand(): Command {
  return withEngineOptions(
    new Command('serve-engine').description(
      'Serve the embedded engine (llama.cpp or TensorFlow.js) as an OpenAI-compatible endpoint',
    ),
  )
    .option(
      '--quantization <level>',
      'llama.cpp: F32 F16 Q8_0 Q6_K Q5_K Q4_K Q4_0 (default Q8_0); tfjs: fp32 fp16 int8 int4 (default fp32)',
      level,
    )
    .option(
      '--model-file <path.gguf>',
      'your own GGUF model (llama.cpp): its real tokenizer, weights and chat template',
    )
    .option('--port <port>', 'port (0 = any free port)', port, 8000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'weight initialisation seed', positiveInt)
    .option('--max-batch <n>', 'sequences decoded together per step (continuous batching)', positiveInt, 8)
    .option('--no-roofline', 'skip the ~1 s start-up probe of memory bandwidth (and tfjs matmul FLOP/s)')
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent serve-engine                                   # llama.cpp, small preset, Q8_0
  $ yardstick-agent serve-engine --preset smollm-135m --quantization Q4_0 --port 8001
  $ yardstick-agent serve-engine --model-file ~/models/qwen2.5-0.5b-instruct-q4_k_m.gguf
  $ yardstick-agent serve-engine --engine tfjs --preset tiny --quantization int8
  $ curl -s http://127.0.0.1:8000/health   # load, and achieved bytes/s vs the roofline
  $ yardstick-agent run --target http://127.0.0.1:8000 --scenario scenarios/smoke.yaml   # in another shell

llama.cpp runs in a child process with prebuilt binaries from npm (node-llama-cpp 3.21.1); GPU builds
(CUDA, Vulkan) are opt-in: npm run engine:gpu. Seeded presets are written as GGUF on first use into
~/.cache/yardstick/gguf (YARDSTICK_CACHE_DIR) with a SHA-256 checksum.`,
    )
    .action(
      engineAction(async (flags: ServeFlags) => {
        const engine = await startEngineServer({
          engine: flags.engine,
          preset: flags.preset,
          quantization: flags.quantization as EngineOptions['quantization'],
          modelFile: flags.modelFile,
          backend: flags.backend,
          gpu: flags.gpu,
          threads: flags.threads,
          port: flags.port,
          host: flags.host,
          seed: flags.seed,
          maxBatch: flags.maxBatch,
          roofline: flags.roofline,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        const { info } = engine;
        process.stdout.write(
          `serving ${info.modelId} (${info.quantization}, ${info.paramCount} params) on ${engine.url}\n` +
            `  ${describeEngine(info)}\n`,
        );
        for (const line of describeSkipped(info)) process.stdout.write(`  skipped ${line}\n`);
        if (info.shapeOf) process.stdout.write(`  shape of ${info.shapeOf}: ${info.shapeNotes}\n`);
        if (info.gguf)
          process.stdout.write(
            `  gguf ${info.gguf.path} (${info.gguf.generated ? 'written now' : 'cached'}, sha256 ${info.gguf.sha256})\n`,
          );
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            process.stderr.write('stopping engine\n');
            engine.close().then(resolve, resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      }),
    );
}
