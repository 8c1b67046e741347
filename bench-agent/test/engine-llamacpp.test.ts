/**
 * The llama.cpp engine end to end: the seeded tiny preset written as GGUF, served by llama.cpp in a
 * child process behind the shared OpenAI-compatible server. Greedy tokens at F32 equal the
 * TensorFlow.js engine's at fp32 for the same seed; concurrent requests are batched in one context;
 * a crash of the child (SIGSEGV, as a native fault would raise) leaves this process running.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineServer, type RunningEngine } from '../src/engine';
import { paramCount, MODEL_PRESETS } from '../src/engine/model-config';

// Response bodies are checked field by field below; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const cacheDir = mkdtempSync(join(tmpdir(), 'yardstick-gguf-'));
const messages = (content: string) => [{ role: 'user', content }];

async function complete(url: string, body: Record<string, unknown>): Promise<Json> {
  const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

describe('llama.cpp F32 and TensorFlow.js fp32 (tiny preset, same seed)', () => {
  it('give the same greedy tokens', async () => {
    const seed = 21;
    const llama = await startEngineServer({
      engine: 'llamacpp',
      preset: 'tiny',
      quantization: 'F32',
      kvCacheType: 'F32', // llama.cpp's default f16 cache would round K and V
      seed,
      cacheDir,
      roofline: false,
    });
    const tfjs = await startEngineServer({
      engine: 'tfjs',
      preset: 'tiny',
      quantization: 'fp32',
      seed,
      backend: 'wasm',
      roofline: false,
    });
    try {
      expect(llama.info).toMatchObject({ engine: 'llamacpp', quantization: 'f32', kvCacheType: 'f32', seed });
      for (const prompt of ['The quick brown fox', 'Summarise the quarterly report in one line.']) {
        const body = { messages: messages(prompt), max_tokens: 24, temperature: 0 };
        const [a, b] = await Promise.all([complete(llama.url, body), complete(tfjs.url, body)]);
        expect(a.choices[0].message.content).toHaveLength(24);
        expect(a.choices[0].message.content).toBe(b.choices[0].message.content);
        expect(a.usage).toEqual(b.usage);
      }
      // A different seed is a different model: the same prompt no longer matches.
      const other = await startEngineServer({
        engine: 'tfjs',
        preset: 'tiny',
        quantization: 'fp32',
        seed: seed + 1,
        backend: 'wasm',
        roofline: false,
      });
      try {
        const body = { messages: messages('The quick brown fox'), max_tokens: 24, temperature: 0 };
        const [a, c] = await Promise.all([complete(llama.url, body), complete(other.url, body)]);
        expect(a.choices[0].message.content).not.toBe(c.choices[0].message.content);
      } finally {
        await other.close();
      }
    } finally {
      await Promise.all([llama.close(), tfjs.close()]);
    }
  }, 90_000);
});

describe('llama.cpp engine over HTTP (tiny, Q4_0)', () => {
  let engine: RunningEngine;
  beforeAll(async () => {
    engine = await startEngineServer({
      preset: 'tiny',
      quantization: 'Q4_0',
      seed: 2,
      cacheDir,
      maxBatch: 4,
    });
  }, 60_000);
  afterAll(async () => engine?.close());

  it('states engine, backend, threads and quantization in /v1/models, with the GGUF checksum', async () => {
    const models = (await (await fetch(`${engine.url}/v1/models`)).json()) as Json;
    const info = models.data[0].yardstick;
    expect(models.data[0].id).toBe('yardstick-tiny-q4_0');
    expect(info).toMatchObject({
      engine: 'llamacpp',
      quantization: 'q4_0', // run records name levels in lower case
      storagePrecision: 'Q4_0 (blocks of 32, fp16 scale: 4.5 bits/weight)',
      kvCacheType: 'f16',
      tokenizer: 'yardstick-bytes',
      paramCount: paramCount(MODEL_PRESETS.tiny),
    });
    expect(info.backend).toMatch(/^llama\.cpp\/(cpu|cuda|vulkan|metal)/);
    expect(info.engineVersion).toMatch(/^node-llama-cpp 3\.21\.1 \(llama\.cpp /);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.gguf.sha256).toMatch(/^[0-9a-f]{64}$/);
    // 18 bytes per 32 weights for every 2-D weight; the norms stay F32.
    const h = 64;
    const normBytes = (2 * 2 + 1) * h * 4;
    expect(info.weightBytes).toBe(((paramCount(MODEL_PRESETS.tiny) - 5 * h) / 32) * 18 + normBytes);
    if (info.backend.startsWith('llama.cpp/cpu')) {
      expect(info.roofline.matmulFlopsPerS).toBeNull();
      expect(info.roofline.bandwidthBytesPerS).toBeGreaterThan(1e8);
      for (const skipped of info.skippedBackends) expect(skipped.reason.length).toBeGreaterThan(0);
    }
  });

  it('streams chunks with usage, and batches concurrent requests without mixing them', async () => {
    const res = await fetch(`${engine.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        messages: messages('hello'),
        max_tokens: 6,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0,
      }),
    });
    const events = (await res.text()).trim().split('\n\n');
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)) as Json);
    // BOS + one token per byte of "<|user|>\nhello\n<|assistant|>\n" (the engine's chat template).
    const promptTokens = 1 + Buffer.byteLength('<|user|>\nhello\n<|assistant|>\n');
    expect(chunks.at(-1).usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: 6,
      total_tokens: promptTokens + 6,
    });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toHaveLength(6);

    const bodies = [3, 9, 17, 30].map((n) => ({
      messages: messages(`req ${n}`),
      max_tokens: n,
      temperature: 0,
    }));
    const sequential: string[] = [];
    for (const body of bodies) sequential.push((await complete(engine.url, body)).choices[0].message.content);
    const concurrent = await Promise.all(bodies.map((body) => complete(engine.url, body)));
    expect(concurrent.map((c) => c.choices[0].message.content)).toEqual(sequential);
    const health = (await (await fetch(`${engine.url}/health`)).json()) as Json;
    expect(health.load.peakBatchSize).toBeGreaterThanOrEqual(2);
    const { decode } = await engine.performance();
    expect(decode!.tokens).toBeGreaterThan(0);
    expect(decode!.flopsFraction).toBeNull();
    expect(decode!.bandwidthFraction).toBeGreaterThan(0);
  });

  it('samples reproducibly per request seed at temperature > 0', async () => {
    const body = { messages: messages('seeded'), max_tokens: 16, temperature: 1 };
    const a = await complete(engine.url, { ...body, seed: 7 });
    const b = await complete(engine.url, { ...body, seed: 7 });
    const c = await complete(engine.url, { ...body, seed: 8 });
    expect(b.choices[0].message.content).toBe(a.choices[0].message.content);
    expect(c.choices[0].message.content).not.toBe(a.choices[0].message.content);
  });
});

describe('llama.cpp engine process isolation', () => {
  it('a crash of the engine process (SIGSEGV) leaves the agent running; close still resolves', async () => {
    const lines: string[] = [];
    const engine = await startEngineServer({
      preset: 'tiny',
      quantization: 'Q8_0',
      cacheDir,
      roofline: false,
      log: (l) => lines.push(l),
    });
    expect(engine.pid).not.toBe(process.pid);
    await complete(engine.url, { messages: messages('before'), max_tokens: 4 });
    process.kill(engine.pid, 'SIGSEGV');
    await expect
      .poll(() => lines.some((l) => l.includes('ended unexpectedly (signal SIGSEGV)')), { timeout: 10_000 })
      .toBe(true);
    await expect(fetch(`${engine.url}/health`)).rejects.toThrow();
    expect((await engine.performance()).decode?.tokens).toBeUndefined();
    await engine.close();
  }, 60_000);

  it('a user GGUF file (--model-file) is served with its own tokenizer, its metadata recorded', async () => {
    const seeded = await startEngineServer({
      preset: 'tiny',
      quantization: 'Q8_0',
      cacheDir,
      roofline: false,
    });
    const file = seeded.info.gguf!.path;
    await seeded.close();
    const engine = await startEngineServer({ modelFile: file, roofline: false });
    try {
      expect(engine.info).toMatchObject({
        engine: 'llamacpp',
        preset: null,
        seed: null,
        quantization: 'q8_0',
        modelFile: {
          path: file,
          architecture: 'llama',
          parameterCount: paramCount(MODEL_PRESETS.tiny),
          fileType: 'MOSTLY_Q8_0',
        },
      });
      expect(engine.info.tokenizer).toMatch(/^gguf-llama \(/);
      const out = await complete(engine.url, { messages: messages('hi'), max_tokens: 5, temperature: 0 });
      expect(out.usage.completion_tokens).toBe(5);
      expect(out.usage.prompt_tokens).toBeGreaterThan(2);
    } finally {
      await engine.close();
    }
    await expect(startEngineServer({ engine: 'tfjs', modelFile: file })).rejects.toThrow(
      /^engine: tfjs requested but --model-file runs on llama\.cpp/,
    );
  }, 60_000);
});
