import { Command } from 'commander';
import { detectCommand } from './commands/detect.command';
import { runCommand } from './commands/run.command';
import { uploadCommand } from './commands/upload.command';
import { serveEngineCommand } from './commands/serve-engine.command';
import { benchEmbeddedCommand } from './commands/bench-embedded.command';

/** The `yardstick-agent` command tree. */
export function buildProgram(): Command {
  return new Command('yardstick-agent')
    .description(
      'Yardstick bench agent: detect hardware, benchmark OpenAI-compatible endpoints, upload results',
    )
    .showHelpAfterError()
    .addCommand(detectCommand())
    .addCommand(runCommand())
    .addCommand(uploadCommand())
    .addCommand(serveEngineCommand())
    .addCommand(benchEmbeddedCommand())
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent detect
  $ yardstick-agent serve-engine --preset small --quantization int8
  $ yardstick-agent run --target http://127.0.0.1:8000 --scenario scenarios/smoke.yaml --json result.json
  $ yardstick-agent upload --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN`,
    );
}
