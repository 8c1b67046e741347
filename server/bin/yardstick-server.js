#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no build step for Node packages).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
