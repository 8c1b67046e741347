import { Command, Option } from 'commander';
import { MODEL_PRESETS, type ModelPreset } from '../engine/model-config';
import { QUANTIZATION_LEVELS, type QuantizationLevel } from '../engine/quantization-levels';
import { describeSkipped, startEngineServer, type EngineOptions, engineAction } from './engine.loader';
import { port, positiveInt } from './parse-options';

interface ServeFlags {
  preset: ModelPreset;
  quantization: QuantizationLevel;
  backend: EngineOptions['backend'];
  port: number;
  host: string;
  seed?: number;
  maxBatch: number;
  roofline: boolean;
}

export function serveEngineCommand(): Command {
  return new Command('serve-engine')
    .description('Serve the embedded TensorFlow.js model as an OpenAI-compatible endpoint')
    .addOption(
      new Option('--preset <name>', 'model shape (smollm-135m, qwen2.5-0.5b, llama-3.2-1b copy real models)')
        .choices(Object.keys(MODEL_PRESETS))
        .default('small'),
    )
    .addOption(
      new Option('--quantization <q>', 'weight storage (compute is fp32 on every tfjs backend)')
        .choices([...QUANTIZATION_LEVELS])
        .default('fp32'),
    )
    .addOption(
      new Option('--backend <b>', 'TensorFlow.js backend (auto = best that loads)')
        .choices(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
        .default('auto'),
    )
    .option('--port <port>', 'port (0 = any free port)', port, 8000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'weight initialisation seed', positiveInt)
    .option('--max-batch <n>', 'sequences decoded together per step (continuous batching)', positiveInt, 8)
    .option('--no-roofline', 'skip the ~1 s start-up probe of matmul FLOP/s and memory bandwidth')
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent serve-engine
  $ yardstick-agent serve-engine --preset tiny --quantization int8 --port 8001
  $ yardstick-agent serve-engine --preset smollm-135m --quantization int4 --max-batch 16
  $ curl -s http://127.0.0.1:8000/health   # load, and achieved FLOP/s and bytes/s vs the roofline
  $ yardstick-agent run --target http://127.0.0.1:8000 --scenario scenarios/smoke.yaml   # in another shell`,
    )
    .action(
      engineAction(async (flags: ServeFlags) => {
        const engine = await startEngineServer({
          preset: flags.preset,
          quantization: flags.quantization,
          backend: flags.backend,
          port: flags.port,
          host: flags.host,
          seed: flags.seed,
          maxBatch: flags.maxBatch,
          roofline: flags.roofline,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        const { info } = engine;
        process.stdout.write(
          `serving ${info.modelId} (${info.quantization}, ${info.paramCount} params) on ${engine.url} ` +
            `with backend ${info.backend}\n`,
        );
        for (const line of describeSkipped(info)) process.stdout.write(`  skipped ${line}\n`);
        if (info.shapeOf) process.stdout.write(`  shape of ${info.shapeOf}: ${info.shapeNotes}\n`);
        process.stdout.write(
          `  weights: ${(info.weightBytes / 1e6).toFixed(1)} MB stored as ${info.storagePrecision}, computed in ${info.computePrecision}\n`,
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
