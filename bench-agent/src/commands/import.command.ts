import { Command } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { importResults } from '../interop/import.service';
import { describeFormats, IMPORT_FORMATS } from '../interop/importer.registry';
import { readHardwareFile } from '../interop/import-hardware';

interface ImportFlags {
  format: string;
  server?: string;
  token?: string;
  spoolDir?: string;
  dryRun?: boolean;
  hardware?: string;
  detect?: boolean;
  thisHost?: boolean;
  model?: string;
  quantization?: string;
  debug?: boolean;
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      "Import another tool's result file as runs (vLLM bench serve, AIPerf, GuideLLM, llama-bench)",
    )
    .argument('<file>', 'the result file')
    .requiredOption('--format <name>', `one of: ${IMPORT_FORMATS.join(', ')}`)
    .option('--server <url>', 'Yardstick server to upload to (e.g. http://127.0.0.1:4000)')
    .option('--token <token>', 'agent token for --server')
    .option('--spool-dir <dir>', 'where results wait until the server has them (default ~/.yardstick/spool)')
    .option('--dry-run', 'parse and print what would be imported; upload nothing')
    .option(
      '--hardware <file.json>',
      'the machine that produced the file: JSON with any of hostname, cpuModel, cpuCores, memoryBytes, os, ' +
        'accelerators (e.g. `yardstick-agent detect --json` run there); wins over --detect and the file',
    )
    .option('--detect', "the file was produced on this machine: record this host's detected hardware")
    .option('--model <name>', 'the model, when the file does not say it (AIPerf JSONL) or says it wrongly')
    .option(
      '--quantization <label>',
      'the quantization level (e.g. awq-int4, gptq-int4, fp8, q4_k_m): files rarely state it; default from the file or model name',
    )
    .option('--debug', 'print the stack trace of an error')
    .option('--this-host', 'same as --detect')
    .addHelpText(
      'after',
      `
Formats:
${describeFormats()}

Metric names are mapped onto Yardstick's definitions (e.g. AIPerf's and GuideLLM's "ITL" is our TPOT);
what cannot be mapped is listed under config.import.unmapped of each run. Files with only aggregates
become runs with zero samples whose percentiles are in summary.sourcePercentiles. Importing the same file
again updates nothing: the run id is derived from the file's content.

Hardware: what the file states is kept (llama-bench: cpu_info, gpu_info); --hardware and --detect fill
in the rest. Anything still unknown is recorded as unknown ("", 0, no accelerators) and listed in
hardware.notes ("not in the source file") and hardware.raw.import.unknown — never a made-up value.

Examples:
  $ yardstick-agent import --format vllm results/vllm-bench.json --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN
  $ yardstick-agent import --format aiperf artifacts/run/profile_export.jsonl --dry-run
  $ yardstick-agent import --format llama-bench bench.jsonl --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN
  $ yardstick-agent import --format vllm result.json --hardware gpu-box-1.json --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      try {
        await runImport(file, flags);
      } catch (err) {
        // One line naming the file, the place and what was expected; the stack only with --debug.
        process.stderr.write(`import failed: ${(err as Error).message}\n`);
        if (flags.debug) process.stderr.write(`${(err as Error).stack}\n`);
        process.exitCode = 1;
      }
    });
}

async function runImport(file: string, flags: ImportFlags): Promise<void> {
  if (!flags.dryRun && !flags.server) throw new Error('import needs --server and --token (or --dry-run)');
  if (flags.server && !flags.token)
    throw new Error('--server needs --token (an agent token from registerAgent)');
  const outcomes = await importResults({
    overrides: { model: flags.model, quantization: flags.quantization },
    format: flags.format,
    file,
    hardware: {
      file: flags.hardware ? readHardwareFile(flags.hardware) : undefined,
      detected: flags.detect || flags.thisHost ? await detectHardware() : undefined,
    },
    server: flags.dryRun ? undefined : { url: flags.server!, token: flags.token!, spoolDir: flags.spoolDir },
    log: (l) => process.stderr.write(`${l}\n`),
  });
  for (const o of outcomes) {
    const notes = o.run.config.import;
    process.stdout.write(
      `${o.run.scenario}: ${o.run.model} [${o.run.quantization}] ${o.run.samples.length} samples` +
        `${notes.aggregateOnly ? ' (aggregate only)' : ''}, ${notes.unmapped.length} unmapped note(s)` +
        (o.upload
          ? o.upload.delivered
            ? ` -> run ${o.upload.runId}\n`
            : o.upload.failedRun
              ? ` -> run ${o.upload.runId} marked FAILED (${o.upload.offlineReason})\n`
              : ` -> not uploaded (${o.upload.offlineReason}); spooled to ${o.upload.spoolFile}\n`
          : ' (dry run)\n'),
    );
    process.stdout.write(
      `  source: ${notes.tool} ${notes.toolVersion}, ${notes.fileKind}; time base: ${notes.timeBase}\n`,
    );
    for (const n of notes.unmapped) process.stdout.write(`  unmapped: ${n}\n`);
    for (const n of o.run.hardware.notes) process.stdout.write(`  hardware: ${n}\n`);
  }
  if (outcomes.some((o) => o.upload && !o.upload.delivered)) process.exitCode = 1;
}
