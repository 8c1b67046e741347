import { aiperfImporter } from './aiperf.importer';
import { guidellmImporter } from './guidellm.importer';
import type { ResultImporter } from './imported-run';
import { llamaBenchImporter } from './llama-bench.importer';
import { vllmBenchImporter } from './vllm-bench.importer';

/** Result-file importers by `--format` name. */
const IMPORTERS: ResultImporter[] = [vllmBenchImporter, aiperfImporter, guidellmImporter, llamaBenchImporter];

export const IMPORT_FORMATS = IMPORTERS.map((i) => i.format);

export function importerFor(format: string): ResultImporter {
  const found = IMPORTERS.find((i) => i.format === format);
  if (!found) throw new Error(`unknown --format "${format}"; expected one of: ${IMPORT_FORMATS.join(', ')}`);
  return found;
}

export function describeFormats(): string {
  return IMPORTERS.map((i) => `  ${i.format.padEnd(12)} ${i.description}`).join('\n');
}
