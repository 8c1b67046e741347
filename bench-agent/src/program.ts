import { Command } from 'commander';
import { detectCommand } from './commands/detect.command';
import { runCommand } from './commands/run.command';
import { sweepCommand } from './commands/sweep.command';
import { planCommand } from './commands/plan.command';
import { uploadCommand } from './commands/upload.command';
import { importCommand } from './commands/import.command';
import { exportCommand } from './commands/export.command';
import { serveEngineCommand } from './commands/serve-engine.command';
import { benchEmbeddedCommand } from './commands/bench-embedded.command';
import { engineQualityCommand } from './commands/engine-quality.command';

/** The `yardstick-agent` command tree. */
export function buildProgram(): Command {
  return new Command('yardstick-agent')
    .description(
      'Yardstick bench agent: detect hardware, benchmark OpenAI-compatible endpoints, upload results',
    )
    .showHelpAfterError()
    .addCommand(detectCommand())
    .addCommand(runCommand())
    .addCommand(sweepCommand())
    .addCommand(planCommand())
    .addCommand(uploadCommand())
    .addCommand(importCommand())
    .addCommand(exportCommand())
    .addCommand(serveEngineCommand())
    .addCommand(benchEmbeddedCommand())
    .addCommand(engineQualityCommand())
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
