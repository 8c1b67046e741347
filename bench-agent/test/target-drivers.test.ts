import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTarget } from '../src/targets/openai.target';
import { parseExtraBodyFlag, parseTargetSection, collectHeader } from '../src/targets/target.config';
import { runScenario } from '../src/run/run.service';
import { closedPort } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A real local server that answers non-streamed chat/completions requests with `reply(body)`. */
async function startJsonServer(reply: (seen: Seen) => { status: number; body: string; delayMs?: number }) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      return void res.end('{"data":[{"id":"m"}]}');
    }
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const s = {
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(raw) as Record<string, unknown>,
      };
      seen.push(s);
      const r = reply(s);
      setTimeout(() => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(r.body);
      }, r.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return { url, seen, close };
}

const completion = (text: string, completionTokens: number) =>
  JSON.stringify({
    id: 'x',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, text, finish_reason: 'length' }],
    usage: { prompt_tokens: 16, completion_tokens: completionTokens, total_tokens: 16 + completionTokens },
  });

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const REQ = { model: 'm', prompt: 'hello', systemPrompt: 'be brief', maxTokens: 5, seed: 3 };

describe('target drivers (chat, completions) behind one transport', () => {
  it('chat sends messages to /v1/chat/completions; completions sends a prompt to /v1/completions', async () => {
    const s = await startJsonServer(() => ({ status: 200, body: completion('hi', 5) }));
    close = s.close;
    for (const api of ['chat', 'completions']) {
      const t = new OpenAiTarget({ baseUrl: s.url, timeoutMs: 5000, api, stream: false });
      await t.generate(REQ);
      t.close();
    }
    const [chat, comp] = s.seen;
    expect(chat!.path).toBe('/v1/chat/completions');
    expect(chat!.body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hello' },
    ]);
    expect(chat!.body.stream).toBe(false);
    expect(chat!.body.stream_options).toBeUndefined();
    expect(comp!.path).toBe('/v1/completions');
    expect(comp!.body.prompt).toBe('be brief\n\nhello');
    expect(comp!.body.messages).toBeUndefined();
  });

  it('merges extra body fields over the driver body and sends the API key and extra headers', async () => {
    const s = await startJsonServer(() => ({ status: 200, body: completion('hi', 5) }));
    close = s.close;
    const t = new OpenAiTarget({
      baseUrl: s.url,
      timeoutMs: 5000,
      apiKey: 'sk-test',
      stream: false,
      extraBody: { top_k: 1, ignore_eos: false, chat_template_kwargs: { enable_thinking: false } },
      headers: { 'x-tenant': 'bench' },
    });
    await t.generate(REQ);
    t.close();
    const { body, headers } = s.seen[0]!;
    expect(body).toMatchObject({ top_k: 1, ignore_eos: false, max_tokens: 5, seed: 3 });
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: false });
    expect(headers.authorization).toBe('Bearer sk-test');
    expect(headers['x-tenant']).toBe('bench');
  });

  it('non-streamed runs measure E2E and take tokens from usage; TTFT/TPOT/ITL stay null', async () => {
    const s = await startJsonServer(() => ({ status: 200, body: completion('abcde', 5), delayMs: 30 }));
    close = s.close;
    const outcome = await runScenario({
      targetUrl: s.url,
      model: 'm',
      scenario: scenarioFixture({ stop: { requests: 3 } }),
      hardware: HARDWARE_FIXTURE,
      targetOptions: { api: 'completions', stream: false },
    });
    expect(outcome.config.target).toMatchObject({ api: 'completions', stream: false });
    for (const sample of outcome.samples) {
      expect(sample.errorKind).toBeNull();
      expect(sample.e2eMs).toBeGreaterThanOrEqual(25);
      expect(sample.ttftMs).toBeNull();
      expect(sample.tpotMs).toBeNull();
      expect(sample.itlMs).toEqual([]);
      expect(sample.outputTokens).toBe(5);
      expect(sample.tokenSource).toBe('SERVER');
      expect(sample.outputTokensClient).toBeNull();
    }
  });
});

describe('error classification for non-streamed requests and the completions API (never throws)', () => {
  it('HTTP 429 -> http_status; a body that is not JSON -> malformed_event; {error} in a 200 -> http_status', async () => {
    let n = 0;
    const s = await startJsonServer(() => {
      n += 1;
      if (n === 1) return { status: 429, body: '{"error":{"message":"rate limited"}}' };
      if (n === 2) return { status: 200, body: '{"choices": [' };
      return { status: 200, body: '{"error":{"message":"model not loaded"}}' };
    });
    close = s.close;
    const t = new OpenAiTarget({ baseUrl: s.url, timeoutMs: 5000, api: 'completions', stream: false });
    const results = [await t.generate(REQ), await t.generate(REQ), await t.generate(REQ)];
    t.close();
    expect(results.map((r) => r.errorKind)).toEqual(['http_status', 'malformed_event', 'http_status']);
    expect(results[0]!.errorMessage).toContain('429');
    expect(results[2]!.errorMessage).toContain('model not loaded');
  });

  it('timeout and connection refused are classified for non-streamed requests too', async () => {
    const s = await startJsonServer(() => ({ status: 200, body: completion('x', 1), delayMs: 2000 }));
    close = s.close;
    const slow = new OpenAiTarget({ baseUrl: s.url, timeoutMs: 100, stream: false });
    const refused = new OpenAiTarget({ baseUrl: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 1000 });
    const [a, b] = [await slow.generate(REQ), await refused.generate(REQ)];
    slow.close();
    refused.close();
    expect(a.errorKind).toBe('timeout');
    expect(b.errorKind).toBe('connect');
  });
});

describe('target config (run plan `target:` section and CLI flags)', () => {
  it('validates each field and names it in the error', () => {
    expect(parseTargetSection({ url: 'http://h:1', api: 'completions', stream: false })).toMatchObject({
      api: 'completions',
      stream: false,
    });
    expect(() => parseTargetSection({ url: 'h:1' })).toThrow(/target\.url: expected an http/);
    expect(() => parseTargetSection({ url: 'http://h', api: 'embeddings' })).toThrow(
      /target\.api: expected one of chat, completions/,
    );
    expect(() => parseTargetSection({ url: 'http://h', stream: 'yes' })).toThrow(/target\.stream/);
    expect(() => parseTargetSection({ url: 'http://h', api_key_env: 'YS_NOPE_UNSET' })).toThrow(
      /YS_NOPE_UNSET is not set/,
    );
    expect(() => parseTargetSection({ url: 'http://h', extra_body: [1] })).toThrow(/target\.extra_body/);
    expect(parseExtraBodyFlag('{"top_k":1}')).toEqual({ top_k: 1 });
    expect(() => parseExtraBodyFlag('top_k=1')).toThrow(/--extra-body: not valid JSON/);
    expect(collectHeader('X-A: b:c', { y: 'z' })).toEqual({ y: 'z', 'x-a': 'b:c' });
  });
});
