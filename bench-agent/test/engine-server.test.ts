import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineServer, type RunningEngine } from '../src/engine';

// Response bodies are checked field by field below; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let engine: RunningEngine;

beforeAll(async () => {
  engine = await startEngineServer({
    preset: 'tiny',
    quantization: 'fp32',
    seed: 5,
    backend: 'wasm',
    port: 0,
  });
});
afterAll(async () => engine?.close());

const messages = [{ role: 'user', content: 'Summarise the quarterly report in one line.' }];

async function post(body: unknown, url = engine.url): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function complete(body: Record<string, unknown>, url = engine.url): Promise<string> {
  const { status, json } = await post({ messages, ...body }, url);
  expect(status).toBe(200);
  return json.choices[0].message.content as string;
}

/** Parses an SSE body strictly: every event is one `data: ...` line followed by a blank line. */
function parseSse(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      expect(event).not.toContain('\n');
      return event.slice('data: '.length);
    });
}

describe('embedded engine over HTTP (tiny, wasm)', () => {
  it('lists the model with its engine info, and reports health', async () => {
    const models = (await (await fetch(`${engine.url}/v1/models`)).json()) as Json;
    expect(models.object).toBe('list');
    expect(models.data).toHaveLength(1);
    expect(models.data[0]).toMatchObject({
      id: 'yardstick-tiny-fp32',
      object: 'model',
      owned_by: 'yardstick',
    });
    expect(models.data[0].yardstick).toMatchObject({
      modelId: 'yardstick-tiny-fp32',
      quantization: 'fp32',
      storagePrecision: 'fp32',
      computePrecision: 'fp32',
      backend: 'wasm',
      tokenizer: 'yardstick-bytes',
      seed: 5,
    });
    expect(models.data[0].yardstick.weightBytes).toBe(models.data[0].yardstick.paramCount * 4);
    const health = await fetch(`${engine.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
  });

  it('returns a chat.completion with exactly max_tokens tokens and usage', async () => {
    const { status, json } = await post({
      model: 'yardstick-tiny-fp32',
      messages,
      max_tokens: 12,
      temperature: 0,
    });
    expect(status).toBe(200);
    expect(json.object).toBe('chat.completion');
    expect(json.choices[0].finish_reason).toBe('length');
    expect(json.choices[0].message.role).toBe('assistant');
    expect(json.choices[0].message.content).toHaveLength(12);
    const promptTokens = 1 + Buffer.byteLength(`<|user|>\n${messages[0]!.content}\n<|assistant|>\n`);
    expect(json.usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: 12,
      total_tokens: promptTokens + 12,
    });
  });

  it('streams valid SSE: role chunk, one chunk per token, finish, usage, [DONE]; same text as non-streaming', async () => {
    const body = { messages, max_tokens: 10, temperature: 0.9, seed: 42 };
    const res = await fetch(`${engine.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await res.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Json);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]!.id)).toBe(true);
    expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const contentChunks = chunks.slice(1, -2);
    expect(contentChunks).toHaveLength(10);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0].finish_reason).toBe('length');
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBe(10);
    const streamed = contentChunks.map((c) => c.choices[0].delta.content as string).join('');
    expect(streamed).toBe(await complete(body));
  });

  it('is deterministic per request seed, and different seeds (request or engine) differ', async () => {
    const sampled = { max_tokens: 24, temperature: 1 };
    const first = await complete({ ...sampled, seed: 1 });
    expect(await complete({ ...sampled, seed: 1 })).toBe(first);
    expect(await complete({ ...sampled, seed: 2 })).not.toBe(first);
    const greedy = await complete({ max_tokens: 24, temperature: 0 });
    const other = await startEngineServer({ preset: 'tiny', seed: 6, backend: 'wasm' });
    try {
      expect(await complete({ max_tokens: 24, temperature: 0 }, other.url)).not.toBe(greedy);
    } finally {
      await other.close();
    }
  });

  it('rejects bad bodies with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ max_tokens: 4 }, 'messages'],
      [{ messages, max_tokens: -1 }, 'max_tokens'],
      [{ messages, max_tokens: 1.5 }, 'max_tokens'],
      [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ messages, temperature: 'hot' }, 'temperature'],
      [{ messages, max_tokens: 10_000 }, 'max_tokens'],
      ['{not json', 'body'],
    ];
    for (const [body, param] of cases) {
      const { status, json } = await post(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.param).toBe(param);
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.message).toContain(param.split('[')[0]);
    }
    const wrongModel = await post({ model: 'gpt-4o', messages });
    expect(wrongModel.status).toBe(404);
    expect(wrongModel.json.error.param).toBe('model');
  });

  it('batches concurrent requests without mixing their sequences', async () => {
    const bodies = [3, 9, 17, 30].map((n) => ({
      messages: [{ role: 'user', content: `req ${n}` }],
      max_tokens: n,
      temperature: 0,
    }));
    const sequential: string[] = [];
    for (const body of bodies) sequential.push(await complete(body));
    const concurrent = await Promise.all(bodies.map((body) => complete(body)));
    expect(concurrent.map((c) => c.length)).toEqual([3, 9, 17, 30]);
    expect(concurrent).toEqual(sequential);
    const load = ((await (await fetch(`${engine.url}/health`)).json()) as Json).load;
    expect(load.peakBatchSize).toBeGreaterThanOrEqual(2);
  });

  it('refuses a second engine on another backend while one runs (tfjs backends are process-wide)', async () => {
    await expect(startEngineServer({ preset: 'tiny', backend: 'cpu' })).rejects.toThrow(
      /^backend: 'cpu' requested/,
    );
  });

  it('stops generating when the client disconnects mid-stream', async () => {
    const before = ((await (await fetch(`${engine.url}/health`)).json()) as Json).load;
    const controller = new AbortController();
    const res = await fetch(`${engine.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'go' }], max_tokens: 200, stream: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    let load: Json = before;
    for (let i = 0; i < 100 && load.cancelledSequences === before.cancelledSequences; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      load = ((await (await fetch(`${engine.url}/health`)).json()) as Json).load;
    }
    expect(load.cancelledSequences).toBe(before.cancelledSequences + 1);
    expect(load.activeSequences).toBe(0);
    expect(load.generatedTokens - before.generatedTokens).toBeLessThan(200);
  });
});
