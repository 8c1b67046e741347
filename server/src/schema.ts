import 'reflect-metadata';
import type { GraphQLSchema } from './graphql/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { AgentResolver } from './agents/agent.resolver';
import { auditMiddleware } from './audit/audit.middleware';
import { AuditResolver } from './audit/audit.resolver';
import { TokenResolver } from './auth/token.resolver';
import { validateArgument } from './graphql/validation';
import { RunResolver } from './runs/run.resolver';
import { RunAnalyticsResolver } from './runs/run-analytics.resolver';
import { TelemetryResolver } from './telemetry/telemetry.resolver';
import { CatalogueResolver } from './catalogue/catalogue.resolver';
import { CurrencyResolver } from './currency/currency.resolver';
import { LeaderboardResolver } from './leaderboard/leaderboard.resolver';
import { FinanceResolver } from './finance-api/finance.resolver';
import { FinanceReportResolver } from './finance-api/finance-report.resolver';
import {
  CostItemFieldsResolver,
  TimeStudyFieldsResolver,
  ValueStreamFieldsResolver,
} from './finance-api/finance-entity.resolver';

/** Builds the type-graphql schema (the source of schema/schema.graphql). */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AgentResolver,
      TokenResolver,
      AuditResolver,
      RunResolver,
      RunAnalyticsResolver,
      TelemetryResolver,
      CatalogueResolver,
      CurrencyResolver,
      LeaderboardResolver,
      FinanceResolver,
      FinanceReportResolver,
      CostItemFieldsResolver,
      ValueStreamFieldsResolver,
      TimeStudyFieldsResolver,
    ],
    authChecker,
    // Every root mutation writes an audit record (server/src/audit/audit.middleware.ts).
    globalMiddlewares: [auditMiddleware],
    validateFn: validateArgument,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: false,
  });
}
