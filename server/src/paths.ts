import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the monorepo (this file is server/src/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The built web UI served at `/`. */
export const WEB_DIST_DIR = resolve(REPO_ROOT, 'web/dist');
