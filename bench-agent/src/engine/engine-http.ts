import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchScheduler } from './batch-scheduler';
import type { EngineInfo, EnginePerformance, RunningEngine } from './engine-info';
import type { GenerationModel } from './generation-model';
import {
  chunkEvent,
  completionBody,
  parseChatRequest,
  protocolError,
  usageOf,
  type ProtocolError,
} from './openai-protocol';
import { phaseReport } from './roofline';
import type { ChatMessage } from './tokenizer';

/** How an engine turns chat messages into token ids and generated ids back into text. */
export interface Tokenization {
  /** Recorded as `tokenizer` (e.g. 'yardstick-bytes', or the model file's own). */
  name: string;
  encodeChat(messages: readonly ChatMessage[]): number[];
  /** A decoder for one response: the text each new token adds (may be '' while a character is incomplete). */
  decoder(): (token: number) => string;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  log: (line: string) => void;
  /** Called after the HTTP server and the scheduler stopped (frees the model). */
  onClose?: () => Promise<void> | void;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Serves a model as an OpenAI-compatible endpoint on 127.0.0.1 (port 0 = any free port), whichever
 * engine runs it: requests are decoded together by one continuous-batching loop
 * ({@link BatchScheduler}, up to the model's `maxSequences` per step); `/v1/models` states the
 * engine, backend and quantization (`yardstick` field = {@link EngineInfo}); `/health` adds load and
 * the roofline figures.
 */
export async function serveModel(
  model: GenerationModel,
  info: EngineInfo,
  tokenization: Tokenization,
  opts: ServeOptions,
): Promise<RunningEngine> {
  const log = opts.log;
  const scheduler = new BatchScheduler(model, log);
  const roofline = info.roofline;
  const performanceNow = (): EnginePerformance => {
    const report = (phase: 'prefill' | 'decode') =>
      roofline && scheduler.phases[phase].calls > 0 ? phaseReport(scheduler.phases[phase], roofline) : null;
    return { prefill: report('prefill'), decode: report('decode') };
  };
  const created = Math.floor(Date.now() / 1000);
  let requestCounter = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`engine: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendError(res, protocolError(500, 'internal error', null));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      const load = {
        activeSequences: scheduler.activeCount,
        queuedSequences: scheduler.queuedCount,
        ...scheduler.totals,
      };
      return sendJson(res, 200, { status: 'ok', info, load, performance: performanceNow() });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: [{ id: info.modelId, object: 'model', created, owned_by: 'yardstick', yardstick: info }],
      });
    }
    if (path === '/v1/chat/completions') {
      if (req.method !== 'POST') return sendError(res, protocolError(405, 'use POST', null));
      return chatCompletion(req, res);
    }
    sendError(res, protocolError(404, `no route ${req.method} ${path}`, null));
  }

  async function chatCompletion(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === null)
      return sendError(res, protocolError(413, `body larger than ${MAX_BODY_BYTES} bytes`, 'body'));
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, protocolError(400, 'body is not valid JSON', 'body'));
    }
    const parsed = parseChatRequest(body);
    if ('error' in parsed) return sendError(res, parsed.error);
    const request = parsed.ok;
    if (request.model !== undefined && request.model !== info.modelId) {
      return sendError(
        res,
        protocolError(
          404,
          `model '${request.model}' does not exist; this engine serves '${info.modelId}'`,
          'model',
          'model_not_found',
        ),
      );
    }
    const promptTokens = tokenization.encodeChat(request.messages);
    if (promptTokens.length + request.maxTokens > info.contextLength) {
      const message = `prompt (${promptTokens.length} tokens) + max_tokens (${request.maxTokens}) exceeds the context length ${info.contextLength}; shorten messages or lower max_tokens`;
      return sendError(res, protocolError(400, message, 'max_tokens', 'context_length_exceeded'));
    }
    const id = `chatcmpl-${++requestCounter}-${randomInt(1e9)}`;
    const createdS = Math.floor(Date.now() / 1000);
    let clientGone = false;
    res.on('close', () => (clientGone = !res.writableFinished));
    const generation = {
      promptTokens,
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      seed: request.seed ?? randomInt(2 ** 31),
      isCancelled: () => clientGone,
    };
    if (!request.stream) {
      const result = await scheduler.submit(generation);
      if (result.finishReason === 'cancelled') return;
      const decodeNext = tokenization.decoder();
      const content = result.tokens.map(decodeNext).join('');
      const usage = usageOf(promptTokens.length, result.tokens.length);
      return sendJson(res, 200, completionBody(id, createdS, info.modelId, content, 'length', usage));
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const usageField = request.includeUsage ? null : undefined;
    const decodeNext = tokenization.decoder();
    const result = await scheduler.submit({
      ...generation,
      onToken: (token, index) => {
        if (clientGone || res.destroyed) return; // the loop drops this sequence before its next step
        if (index === 0)
          res.write(
            chunkEvent(
              id,
              createdS,
              info.modelId,
              { delta: { role: 'assistant', content: '' }, finish_reason: null },
              usageField,
            ),
          );
        res.write(
          chunkEvent(
            id,
            createdS,
            info.modelId,
            { delta: { content: decodeNext(token) }, finish_reason: null },
            usageField,
          ),
        );
      },
    });
    if (result.finishReason === 'cancelled') return void res.destroy();
    res.write(chunkEvent(id, createdS, info.modelId, { delta: {}, finish_reason: 'length' }, usageField));
    if (request.includeUsage)
      res.write(
        chunkEvent(id, createdS, info.modelId, null, usageOf(promptTokens.length, result.tokens.length)),
      );
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log(
    `engine: ${info.modelId} (${info.paramCount} params, ${info.weightBytes} weight bytes) on ${info.backend} at ${url}`,
  );
  return {
    url,
    info,
    pid: process.pid,
    performance: () => Promise.resolve(performanceNow()),
    async close() {
      await scheduler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opts.onClose?.();
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, error: ProtocolError): void {
  sendJson(res, error.status, error.body);
}
