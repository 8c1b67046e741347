import { randomUUID } from 'node:crypto';
import { startServer, type RunningServer } from '../src/index';
import type { SampleInput } from '@yardstick/schema/samples';
import { agentRunConfig } from './support/agent-run-data';

/** A GraphQL response as sent over HTTP. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A real server on 127.0.0.1, port 0, in-memory DuckDB, plus a POST helper. */
export interface TestServer {
  server: RunningServer;
  adminToken: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

/** Starts a real server for one test file. */
export async function startTestServer(options: { openReads?: boolean } = {}): Promise<TestServer> {
  const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined, ...options });
  if (!server.adminToken) throw new Error('a fresh database must produce an admin token');
  return {
    server,
    adminToken: server.adminToken,
    async gql(query, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    close: () => server.close(),
  };
}

/** Registers an agent through GraphQL and returns its id and token. */
export async function registerAgent(t: TestServer, name: string): Promise<{ id: string; token: string }> {
  const res = await t.gql<{ registerAgent: { agent: { id: string }; token: string } }>(
    'mutation($name: String!) { registerAgent(input: { name: $name }) { agent { id } token } }',
    { name },
    t.adminToken,
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.registerAgent.agent.id, token: res.data.registerAgent.token };
}

/** A valid HardwareInput. */
export function hardwareInput(overrides: Record<string, unknown> = {}) {
  return {
    hostname: 'bench-01',
    cpuModel: 'AMD EPYC 9654',
    cpuCores: 192,
    memoryBytes: 768e9,
    os: 'linux 6.1.0',
    accelerators: [{ vendor: 'NVIDIA', model: 'H100 80GB HBM3', memoryBytes: 80e9, driver: '550.54' }],
    notes: [],
    raw: { detected: true },
    ...overrides,
  };
}

/** A valid StartRunInput: its config is what the agent sends for scenarios/smoke.yaml (agent-run-data.ts). */
export function startRunInput(overrides: Record<string, unknown> = {}) {
  return {
    clientRunId: randomUUID(),
    scenario: 'smoke',
    targetUrl: 'http://127.0.0.1:8000/v1',
    targetEngine: 'vllm',
    model: 'llama-3.1-8b',
    quantization: 'fp16',
    engineBackend: null,
    config: agentRunConfig(),
    hardware: hardwareInput(),
    ...overrides,
  };
}

/** A valid SampleInput for request `seq`, typed by the contract (schema/src/samples.ts). */
export function sampleInput(seq: number, overrides: Partial<SampleInput> = {}): SampleInput {
  return {
    seq,
    warmup: false,
    scheduledAtMs: seq * 10,
    sentAtMs: seq * 10 + 1,
    sendLagMs: 1,
    queueMs: 0,
    ttftMs: 50 + seq,
    e2eMs: 200 + seq,
    tpotMs: 5,
    itlMs: [4, 5, 6],
    inputTokens: 100,
    outputTokens: 30,
    outputTokensServer: 30,
    outputTokensClient: 30,
    tokenSource: 'SERVER',
    errorKind: null,
    errorMessage: null,
    ...overrides,
  };
}

export const START_RUN = `mutation($input: StartRunInput!) { startRun(input: $input) { id agentId status } }`;
export const APPEND = `mutation($input: AppendSamplesInput!) {
  appendSamples(input: $input) { runId batchSeq accepted duplicate } }`;

/** Starts a run through GraphQL with an agent token; returns its id. */
export async function startRun(t: TestServer, token: string, overrides: Record<string, unknown> = {}) {
  const res = await t.gql<{ startRun: { id: string } }>(
    START_RUN,
    { input: startRunInput(overrides) },
    token,
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.startRun.id;
}
