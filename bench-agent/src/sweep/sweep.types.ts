/** One load level of a sweep: a closed-loop concurrency or an open-loop rate (requests/s). */
export type SweepPoint = { kind: 'concurrency'; value: number } | { kind: 'rate'; value: number };

/** One row per point: what was offered, what came back, and whether the SLO held. */
export interface SweepRow {
  quantization: string;
  loadKind: SweepPoint['kind'];
  /** Concurrency or offered requests/s. */
  load: number;
  status: string;
  requests: number;
  errors: number;
  requestsPerS: number | null;
  outputTokensPerS: number | null;
  goodputRequestsPerS: number | null;
  goodputOutputTokensPerS: number | null;
  goodFraction: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  ttftP99Ms: number | null;
  tpotP50Ms: number | null;
  tpotP95Ms: number | null;
  e2eP99Ms: number | null;
  sendLagP99Ms: number | null;
  agentCpuPercent: number | null;
  joulesPerOutputToken: number | null;
  outputUsdPerMtok: number | null;
  /** Every run-level SLO percentile check held (true when the scenario has no SLO). */
  meetsSlo: boolean;
  /** Throughput stopped following the load at this point (see saturation.ts). */
  saturated: boolean;
  /** Uploaded run id, when uploaded. */
  runId: string | null;
}

/** The sweep's verdict per quantization level. */
export interface SweepVerdict {
  quantization: string;
  /** Highest load whose run met the SLO (null: none did). */
  maxLoadMeetingSlo: number | null;
  /** The row with the highest goodput (output tokens/s of requests that met every limit). */
  maxGoodputLoad: number | null;
  maxGoodputOutputTokensPerS: number | null;
  /** First load at which throughput saturated (null: not reached). */
  saturationLoad: number | null;
}
