import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertModelFits, selectBackend, type BackendChoice, type BackendSelection } from './backend.service';
import { BatchScheduler } from './batch-scheduler';
import { paramCount, resolvePreset, type ModelPreset } from './model-config';
import {
  chunkEvent,
  completionBody,
  parseChatRequest,
  protocolError,
  usageOf,
  type ProtocolError,
} from './openai-protocol';
import { quantizationInfo, resolveQuantization, type QuantizationLevel } from './quantization';
import { phaseReport, type PhaseReport, type RooflineCeilings } from './roofline';
import { measureRoofline } from './roofline.probe';
import { applyChatTemplate, decodeToken, encode, TOKENIZER_NAME } from './tokenizer';
import { TransformerModel } from './transformer.model';

export interface EngineOptions {
  preset?: ModelPreset;
  quantization?: QuantizationLevel;
  seed?: number;
  backend?: BackendChoice;
  host?: string;
  port?: number;
  maxBatch?: number;
  /** Measure the backend's FLOP/s and bandwidth ceilings at start (~1 s, once per process); default true. */
  roofline?: boolean;
  log?: (line: string) => void;
}

export interface EngineInfo {
  modelId: string;
  preset: string;
  quantization: string;
  storagePrecision: string;
  computePrecision: string;
  weightBytes: number;
  paramCount: number;
  backend: string;
  skippedBackends: { backend: string; reason: string }[];
  tokenizer: string;
  seed: number;
  /** Added beyond the contract: the longest prompt + max_tokens accepted, and the batch limit. */
  contextLength: number;
  maxBatch: number;
  /** The real model whose shape the preset copies (null for tiny/small), and how it differs. */
  shapeOf: string | null;
  shapeNotes: string | null;
  /** This backend's measured ceilings on this machine, or null when `roofline: false`. */
  roofline: RooflineCeilings | null;
}

/** Achieved throughput and roofline fractions since start, prefill and decode separately. */
export interface EnginePerformance {
  prefill: PhaseReport | null;
  decode: PhaseReport | null;
}

export interface RunningEngine {
  url: string;
  info: EngineInfo;
  /** Prefill and decode figures so far (null per phase without ceilings or without work yet). */
  performance(): EnginePerformance;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Builds the seeded model on the best tfjs backend and serves it as an OpenAI-compatible endpoint
 * on 127.0.0.1 (port 0 = any free port). Requests are decoded together by a continuous batching
 * loop (up to `maxBatch` sequences per step, default 8).
 */
export async function startEngineServer(opts: EngineOptions = {}): Promise<RunningEngine> {
  const config = resolvePreset(opts.preset);
  const quantization = resolveQuantization(opts.quantization);
  const seed = opts.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed: must be an integer, got ${seed}`);
  const log = opts.log ?? (() => {});
  const selection = await backendForNewEngine(opts.backend ?? 'auto');
  assertModelFits(selection.backend, config.preset, quantization, paramCount(config) * 4);
  const roofline = opts.roofline === false ? null : await measureRoofline();
  const model = new TransformerModel(config, quantization, seed);
  liveEngines.count += 1;
  liveEngines.selection = selection;
  const maxBatch = opts.maxBatch ?? 8;
  const scheduler = new BatchScheduler(model, maxBatch, log);
  const info: EngineInfo = {
    modelId: `yardstick-${config.preset}-${quantization}`,
    preset: config.preset,
    ...quantizationInfo(quantization),
    weightBytes: model.weightBytes,
    paramCount: model.paramCount,
    backend: selection.backend,
    skippedBackends: selection.skipped,
    tokenizer: TOKENIZER_NAME,
    seed,
    contextLength: config.contextLength,
    maxBatch,
    shapeOf: config.shapeOf,
    shapeNotes: config.shapeNotes,
    roofline,
  };
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
    const promptTokens = encode(applyChatTemplate(request.messages));
    if (promptTokens.length + request.maxTokens > config.contextLength) {
      const message = `prompt (${promptTokens.length} tokens) + max_tokens (${request.maxTokens}) exceeds the context length ${config.contextLength}; shorten messages or lower max_tokens`;
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
      const content = result.tokens.map(decodeToken).join('');
      const usage = usageOf(promptTokens.length, result.tokens.length);
      return sendJson(res, 200, completionBody(id, createdS, info.modelId, content, 'length', usage));
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const usageField = request.includeUsage ? null : undefined;
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
            { delta: { content: decodeToken(token) }, finish_reason: null },
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
    performance: performanceNow,
    async close() {
      await scheduler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      model.dispose();
      liveEngines.count -= 1;
    },
  };
}

/** tfjs has one backend per process: engines running side by side must share it. */
const liveEngines: { count: number; selection: BackendSelection | null } = { count: 0, selection: null };

async function backendForNewEngine(requested: BackendChoice): Promise<BackendSelection> {
  const live = liveEngines.count > 0 ? liveEngines.selection : null;
  if (!live) return selectBackend(requested);
  if (requested !== 'auto' && requested !== live.backend) {
    throw new Error(
      `backend: '${requested}' requested but an engine in this process already runs on '${live.backend}' ` +
        '(tfjs has one backend per process); close that engine first or request the same backend',
    );
  }
  return live;
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
