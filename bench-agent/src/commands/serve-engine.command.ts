import { Command, Option } from 'commander';
import { describeSkipped, startEngineServer, type EngineOptions } from './engine.loader';
import { port, positiveInt } from './parse-options';

interface ServeFlags {
  preset: 'tiny' | 'small';
  quantization: 'fp32' | 'int8';
  backend: EngineOptions['backend'];
  port: number;
  host: string;
  seed?: number;
}

export function serveEngineCommand(): Command {
  return new Command('serve-engine')
    .description('Serve the embedded TensorFlow.js model as an OpenAI-compatible endpoint')
    .addOption(new Option('--preset <name>', 'model size').choices(['tiny', 'small']).default('small'))
    .addOption(new Option('--quantization <q>', 'weight storage').choices(['fp32', 'int8']).default('fp32'))
    .addOption(
      new Option('--backend <b>', 'TensorFlow.js backend (auto = best that loads)')
        .choices(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
        .default('auto'),
    )
    .option('--port <port>', 'port (0 = any free port)', port, 8000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'weight initialisation seed', positiveInt)
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent serve-engine
  $ yardstick-agent serve-engine --preset tiny --quantization int8 --port 8001
  $ yardstick-agent run --target http://127.0.0.1:8000 --scenario scenarios/smoke.yaml   # in another shell`,
    )
    .action(async (flags: ServeFlags) => {
      const engine = await startEngineServer({
        preset: flags.preset,
        quantization: flags.quantization,
        backend: flags.backend,
        port: flags.port,
        host: flags.host,
        seed: flags.seed,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      const { info } = engine;
      process.stdout.write(
        `serving ${info.modelId} (${info.quantization}, ${info.paramCount} params) on ${engine.url} ` +
          `with backend ${info.backend}\n`,
      );
      for (const line of describeSkipped(info)) process.stdout.write(`  skipped ${line}\n`);
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
    });
}
