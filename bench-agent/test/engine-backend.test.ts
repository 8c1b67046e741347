import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, selectBackend } from '../src/engine/backend.service';

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('selectBackend', () => {
  it('auto picks the best backend that loads and says why each better one was skipped', async () => {
    const selection = await selectBackend('auto');
    const chosenRank = BACKEND_ORDER.indexOf(selection.backend as (typeof BACKEND_ORDER)[number]);
    expect(chosenRank).toBeGreaterThanOrEqual(0);
    expect(selection.skipped.map((s) => s.backend)).toEqual(BACKEND_ORDER.slice(0, chosenRank));
    for (const skipped of selection.skipped) {
      expect(skipped.reason.length).toBeGreaterThan(0);
      if (!installed(`@tensorflow/${skipped.backend}`) && skipped.backend.startsWith('tfjs-node')) {
        expect(skipped.reason).toBe('not installed');
      }
    }
    // tfjs-backend-wasm is a dependency, so auto never falls below wasm here.
    expect(chosenRank).toBeLessThanOrEqual(BACKEND_ORDER.indexOf('wasm'));
  });

  it('a forced backend runs or fails naming the field', async () => {
    const cpu = await selectBackend('cpu');
    expect(cpu.backend).toBe('cpu');
    expect(cpu.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
    await expect(selectBackend('metal' as never)).rejects.toThrow(/^backend: unknown backend 'metal'/);
    if (!installed('@tensorflow/tfjs-node')) {
      await expect(selectBackend('tfjs-node')).rejects.toThrow(
        "backend: 'tfjs-node' did not load: not installed",
      );
    }
  });
});
