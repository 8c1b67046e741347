import type { ErrorKind } from '../run/sample.types';

/**
 * HTTP reason phrases (RFC 9110 §15 and common extensions). vLLM's request functions store
 * `response.reason` — e.g. "Bad Request" — as the error of a non-200 answer, so such a text is an HTTP
 * status error, never a broken stream.
 */
const REASON_PHRASES = new Set(
  [
    'Bad Request',
    'Unauthorized',
    'Payment Required',
    'Forbidden',
    'Not Found',
    'Method Not Allowed',
    'Not Acceptable',
    'Proxy Authentication Required',
    'Request Timeout',
    'Conflict',
    'Gone',
    'Length Required',
    'Precondition Failed',
    'Payload Too Large',
    'Request Entity Too Large',
    'URI Too Long',
    'Unsupported Media Type',
    'Range Not Satisfiable',
    'Expectation Failed',
    'Misdirected Request',
    'Unprocessable Entity',
    'Unprocessable Content',
    'Too Early',
    'Upgrade Required',
    'Precondition Required',
    'Too Many Requests',
    'Request Header Fields Too Large',
    'Internal Server Error',
    'Not Implemented',
    'Bad Gateway',
    'Service Unavailable',
    'Gateway Timeout',
    'HTTP Version Not Supported',
    'Network Authentication Required',
  ].map((p) => p.toLowerCase()),
);

/** The HTTP status a reason phrase stands for, when the tool stored only the phrase. */
export const isHttpReasonPhrase = (text: string): boolean => REASON_PHRASES.has(text.trim().toLowerCase());

/**
 * Error kind of a vLLM `bench serve` error string (`errors[i]` with --save-detailed). vLLM stores:
 * the HTTP reason phrase of a non-200 answer ("Bad Request"); "Never received a valid chunk to
 * calculate TTFT." when a 200 stream carried no content; or a Python traceback of the exception
 * (aiohttp ClientConnectorError, TimeoutError, ServerDisconnectedError, JSONDecodeError, …).
 */
export function classifyVllmError(error: string): ErrorKind {
  if (isHttpReasonPhrase(error)) return 'http_status';
  if (/Never received a valid chunk/i.test(error)) return 'malformed_event';
  return classifyExceptionText(error);
}

/**
 * Error kind of an exception's text (Python tracebacks, exception class names and messages), by the
 * exception it names. Falls back to `stream_broken`: the request failed after it was sent.
 */
export function classifyExceptionText(text: string, httpCode?: number | null): ErrorKind {
  if (httpCode === 499 || /Cancel(l)?ed|CancelledError|RequestCancellation/i.test(text)) return 'cancelled';
  if (/TimeoutError|ReadTimeout|ConnectTimeout|timed out|\btimeout\b/i.test(text)) return 'timeout';
  if (
    /ClientConnectorError|ConnectError|ConnectionRefused|Cannot connect to host|ECONNREFUSED|Name or service not known|ENOTFOUND/i.test(
      text,
    )
  )
    return 'connect';
  if (
    (httpCode ?? 0) >= 400 ||
    /ClientResponseError|HTTPStatusError|status[ _]code[:= ]*[45]\d\d|\bHTTP [45]\d\d\b/i.test(text)
  )
    return 'http_status';
  if (/JSONDecodeError|json|decode|parse|SSE/i.test(text)) return 'malformed_event';
  return 'stream_broken';
}

/**
 * Error kind of an AIPerf / GenAI-Perf error record `{code, type, message}`: the HTTP code when there is
 * one (499 is AIPerf's cancellation), else the exception type and message.
 */
export function classifyAiperfError(code: number | null, type: string, message: string): ErrorKind {
  if (code === 499 || /Cancel/i.test(type)) return 'cancelled';
  if (code !== null && code >= 400) return 'http_status';
  return classifyExceptionText(`${type} ${message}`, code);
}
