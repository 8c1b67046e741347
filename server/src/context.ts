import type { Principal } from './auth/principal';
import type { TokenService } from './auth/token.service';
import type { AuditService } from './audit/audit.service';
import type { AgentService } from './agents/agent.service';
import type { RunService } from './runs/run.service';
import type { RunAnalyticsService } from './runs/run-analytics.service';
import type { TelemetryService } from './telemetry/telemetry.service';
import type { CatalogueService } from './catalogue/catalogue.service';
import type { CurrencyService } from './currency/currency.service';
import type { LeaderboardService } from './leaderboard/leaderboard.service';
import type { IngestService } from './ingest/ingest.service';
import type { Observability } from './observability/observability';
import type { FinanceService } from './finance-api/finance.service';
import type { FinanceReportService } from './finance-api/finance-report.service';
import type { FocusImportService } from './finance-api/focus.service';

/** Services shared by all requests of one server. */
export interface Services {
  tokens: TokenService;
  audit: AuditService;
  agents: AgentService;
  runs: RunService;
  runAnalytics: RunAnalyticsService;
  /** Hardware telemetry readings of runs (server/src/telemetry). */
  telemetry: TelemetryService;
  currency: CurrencyService;
  catalogue: CatalogueService;
  leaderboard: LeaderboardService;
  /** Finance initiatives and their inputs (server/src/finance-api). */
  finance: FinanceService;
  /** FOCUS bill import (importFocusCsv). */
  focus: FocusImportService;
  /** TCO / TVO / ROI reports computed on read. */
  financeReports: FinanceReportService;
  /** Bulk sample ingest (POST /ingest/samples). */
  ingest: IngestService;
  /** JSON logger and Prometheus metrics (GET /metrics). */
  observability: Observability;
}

/** The GraphQL context of one request. */
export interface AppContext {
  /** Null when no token was sent and reads are not open. */
  principal: Principal | null;
  services: Services;
  /** The client's IP address (for the audit log and the failed-auth rate limit). */
  clientAddress?: string | null;
}
