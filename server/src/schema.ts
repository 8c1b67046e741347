import 'reflect-metadata';
import type { GraphQLSchema } from './graphql/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { AgentResolver } from './agents/agent.resolver';
import { validateArgument } from './graphql/validation';
import { RunResolver } from './runs/run.resolver';

/** Builds the type-graphql schema (the source of schema/schema.graphql). */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [AgentResolver, RunResolver],
    authChecker,
    validateFn: validateArgument,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: false,
  });
}
