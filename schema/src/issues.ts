import type { z } from 'zod';

/**
 * A failed parse as one "path: problem" line per issue, under `prefix`; `rename` maps each key of the
 * path (the load models camelCase theirs). `issueLines(err, 'config')` →
 * `["config.load.ratePerS: Too small: expected number to be >0"]`.
 */
export function issueLines(error: z.ZodError, prefix: string, rename = (key: string) => key): string[] {
  return error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${rename(String(p))}`)).join('');
    return `${prefix}${path}: ${i.message}`;
  });
}
