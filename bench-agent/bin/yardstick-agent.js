#!/usr/bin/env node
// Entry point: register tsx so the TypeScript sources run directly (no build step), then start the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
