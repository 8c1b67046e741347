import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Server } from 'node:http';
import type { AppContext, Services } from './context';
import type { Database } from './db/duckdb';
import { AgentService } from './agents/agent.service';
import { TokenService } from './auth/token.service';
import { AuditService } from './audit/audit.service';
import { authFailureGate } from './auth/auth-gate';
import { jsonErrorHandler } from './graphql/http-errors';
import {
  apolloSecurityConfig,
  AuthFailureLimiter,
  graphqlContext,
  graphqlGuards,
  securityOptions,
  type SecurityOptions,
} from './graphql/security';
import { WEB_DIST_DIR } from './paths';
import { RunService } from './runs/run.service';
import { RunAnalyticsService } from './runs/run-analytics.service';
import { CatalogueService } from './catalogue/catalogue.service';
import { CurrencyService } from './currency/currency.service';
import { LeaderboardService } from './leaderboard/leaderboard.service';
import { buildAppSchema } from './schema';
import { FinanceService } from './finance-api/finance.service';
import { FinanceReportService } from './finance-api/finance-report.service';
import { FocusImportService } from './finance-api/focus.service';
import { IngestService } from './ingest/ingest.service';
import { TelemetryService } from './telemetry/telemetry.service';
import { ingestRouter } from './ingest/ingest.route';
import { createObservability } from './observability/observability';
import { graphqlMetricsPlugin } from './observability/graphql-metrics.plugin';
import { observeHttp } from './observability/http-observability';

/** Builds the services of one server over an open database. */
export function createServices(
  database: Database,
  openReads: boolean,
  options: { tokenTtlDays?: number } = {},
): Services {
  const tokens = new TokenService(database, { openReads, defaultTtlDays: options.tokenTtlDays });
  const currency = new CurrencyService(database);
  const catalogue = new CatalogueService(database, currency);
  const observability = createObservability(database);
  const leaderboard = new LeaderboardService(database, catalogue, currency);
  const finance = new FinanceService(database);
  const audit = new AuditService(database);
  return {
    finance,
    financeReports: new FinanceReportService(finance, leaderboard),
    focus: new FocusImportService(database, finance),
    observability,
    ingest: new IngestService(database, observability.metrics, audit),
    tokens,
    audit,
    agents: new AgentService(database, tokens.defaultTtlMs),
    runs: new RunService(database),
    runAnalytics: new RunAnalyticsService(database),
    telemetry: new TelemetryService(database),
    currency,
    catalogue,
    leaderboard,
  };
}

const NO_WEB_BUILD_PAGE = `<!doctype html><title>Yardstick</title>
<p>The web UI is not built yet: run <code>npm run build -w @yardstick/web</code>, then reload.
The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`;

/**
 * The Express app: POST/GET /graphql (Apollo), /healthz, and the web UI from web/dist with an
 * SPA fallback to index.html (or a page saying how to build it). Call apollo.stop() on shutdown.
 */
export async function createApp(options: {
  services: Services;
  httpServer: Server;
  webDistDir?: string;
  /** Hardening settings (server/src/graphql/security.ts); defaults as for 127.0.0.1. */
  security?: Partial<SecurityOptions>;
}) {
  const schema = await buildAppSchema();
  const security = securityOptions('127.0.0.1', options.security);
  const limiter = new AuthFailureLimiter(security.authFailureLimit);
  const hardening = apolloSecurityConfig(security);
  const apollo = new ApolloServer<AppContext>({
    schema,
    ...hardening,
    plugins: [
      ...hardening.plugins,
      graphqlMetricsPlugin(options.services.observability.metrics),
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer }),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  const { logger, metrics } = options.services.observability;
  app.use(observeHttp(logger, metrics));
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(
    '/ingest',
    // Failed-auth lockout and counting for the bulk endpoint too (server/src/auth/auth-gate.ts).
    ...authFailureGate(options.services.tokens, limiter),
    ingestRouter({ tokens: options.services.tokens, ingest: options.services.ingest, logger }),
  );
  app.use(
    '/graphql',
    ...graphqlGuards(limiter),
    express.json({ limit: '50mb' }),
    expressMiddleware(apollo, {
      context: ({ req }) => graphqlContext(options.services, limiter, req),
    }),
  );

  const webDist = options.webDistDir ?? WEB_DIST_DIR;
  const indexHtml = join(webDist, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(express.static(webDist, { index: 'index.html' }));
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      res.sendFile(indexHtml);
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(NO_WEB_BUILD_PAGE);
    });
  }
  // Body-parser failures as 4xx JSON; anything else masked (Express would send a stack).
  app.use(jsonErrorHandler);
  return { app, apollo };
}
