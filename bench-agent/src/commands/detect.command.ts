import { Command } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import type { HardwareInput } from '../graphql/agent-operations';

/** Human-readable hardware inventory. */
export function formatHardware(hw: HardwareInput): string {
  const gib = (b: number | null): string => (b === null ? 'unknown' : `${(b / 2 ** 30).toFixed(1)} GiB`);
  const lines = [
    `host:         ${hw.hostname}`,
    `cpu:          ${hw.cpuModel} (${hw.cpuCores} logical cores)`,
    `memory:       ${gib(hw.memoryBytes)}`,
    `os:           ${hw.os}`,
    `accelerators: ${hw.accelerators.length === 0 ? 'none found' : ''}`,
    ...hw.accelerators.map(
      (a) => `  - ${a.vendor} ${a.model}, ${gib(a.memoryBytes ?? null)}, driver ${a.driver ?? 'unknown'}`,
    ),
  ];
  if (hw.notes.length > 0) lines.push('notes:', ...hw.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

export function detectCommand(): Command {
  return new Command('detect')
    .description('Print the hardware inventory: host, CPU, memory, OS and GPUs/accelerators')
    .option('--json', 'print the inventory as JSON (the GraphQL HardwareInput shape, with raw details)')
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent detect
  $ yardstick-agent detect --json > hardware.json`,
    )
    .action(async (opts: { json?: boolean }) => {
      const hw = await detectHardware();
      process.stdout.write(`${opts.json ? JSON.stringify(hw, null, 2) : formatHardware(hw)}\n`);
    });
}
