import { TARGET_APIS } from './target.registry';

/**
 * Everything that says how to talk to one target, from CLI flags or from a run plan's `target:` section
 * (a plain URL string is shorthand for `{url}`):
 *
 * ```yaml
 * target:
 *   url: http://gpu-box:8000
 *   api: completions          # chat (default) | completions
 *   stream: false             # default true; without streaming TTFT/TPOT/ITL cannot be measured
 *   api_key_env: VLLM_API_KEY # read the bearer token from this environment variable (or api_key: …)
 *   extra_body: { top_k: 1, ignore_eos: false }
 *   headers: { x-tenant: bench }
 * ```
 */
export interface TargetConfig {
  url: string;
  api: string;
  stream: boolean;
  apiKey?: string;
  /** Merged over the driver's request body (can override its fields, e.g. `ignore_eos`). */
  extraBody?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Validates a `target:` section (already parsed YAML/JSON); errors name `where` and the field. */
export function parseTargetSection(raw: unknown, where = 'target'): TargetConfig {
  if (typeof raw === 'string') raw = { url: raw }; // `target: http://…` shorthand
  if (!isObject(raw)) throw new Error(`${where}: expected a URL or an object with at least "url"`);
  const url = raw.url;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new Error(`${where}.url: expected an http(s) URL such as http://127.0.0.1:8000`);
  }
  const api = raw.api ?? 'chat';
  if (typeof api !== 'string' || !TARGET_APIS.includes(api)) {
    throw new Error(`${where}.api: expected one of ${TARGET_APIS.join(', ')}, got ${JSON.stringify(api)}`);
  }
  const stream = raw.stream ?? true;
  if (typeof stream !== 'boolean') throw new Error(`${where}.stream: expected true or false`);
  let apiKey: string | undefined;
  if (raw.api_key !== undefined) {
    if (typeof raw.api_key !== 'string') throw new Error(`${where}.api_key: expected a string`);
    apiKey = raw.api_key;
  } else if (raw.api_key_env !== undefined) {
    const name = raw.api_key_env;
    if (typeof name !== 'string') throw new Error(`${where}.api_key_env: expected a variable name`);
    apiKey = process.env[name];
    if (!apiKey) throw new Error(`${where}.api_key_env: environment variable ${name} is not set`);
  }
  const extraBody = raw.extra_body;
  if (extraBody !== undefined && !isObject(extraBody)) {
    throw new Error(`${where}.extra_body: expected an object of request body fields`);
  }
  const headers = raw.headers;
  if (headers !== undefined) {
    if (!isObject(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
      throw new Error(`${where}.headers: expected an object of header name to string value`);
    }
  }
  return {
    url,
    api,
    stream,
    apiKey,
    extraBody: extraBody as Record<string, unknown> | undefined,
    headers: headers as Record<string, string> | undefined,
  };
}

/** Parses `--extra-body '{"top_k":1}'`; the error says what was wrong. */
export function parseExtraBodyFlag(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new Error(`--extra-body: not valid JSON (${(err as Error).message}); e.g. '{"top_k": 1}'`);
  }
  if (!isObject(parsed)) throw new Error(`--extra-body: expected a JSON object, e.g. '{"top_k": 1}'`);
  return parsed;
}

/** Parses one `--header 'name: value'` into the accumulated map (commander collector). */
export function collectHeader(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new Error(`--header: expected "name: value", got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, colon).trim().toLowerCase()]: value.slice(colon + 1).trim() };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
