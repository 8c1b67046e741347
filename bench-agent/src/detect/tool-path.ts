import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Finds an executable on PATH (like `which`); undefined when absent. `envPath` defaults to process.env.PATH. */
export function findOnPath(tool: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
