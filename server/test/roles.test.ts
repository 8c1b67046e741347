import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from '../src/graphql/graphql';
import { Role } from '../src/auth/principal';
import { buildAppSchema } from '../src/schema';
import { registerAgent, startTestServer, type TestServer } from './helpers';

// The whole role × operation matrix, walked over real HTTP. Operations come from the BUILT
// schema, so a query or mutation added anywhere is covered, and this table must say who may
// call it: the test fails on an operation missing here (or listed here but gone).
// `anon` is the token-less caller on a 127.0.0.1 server (the anonymous local VIEWER).

type Caller = 'ADMIN' | 'AGENT' | 'ANALYST' | 'VIEWER' | 'anon';
const READERS: Caller[] = ['ADMIN', 'ANALYST', 'VIEWER', 'anon'];
const EVERYONE: Caller[] = ['ADMIN', 'AGENT', 'ANALYST', 'VIEWER', 'anon'];
const FINANCE: Caller[] = ['ADMIN', 'ANALYST'];
const ADMIN: Caller[] = ['ADMIN'];
const AGENT: Caller[] = ['AGENT'];

/** Who may call each operation. Keep in step with docs/security.md. */
const EXPECTED: Record<string, Caller[]> = {
  // queries
  'Query.me': EVERYONE,
  'Query.agents': READERS,
  'Query.runs': EVERYONE,
  'Query.run': EVERYONE,
  'Query.tokens': ADMIN,
  'Query.auditLog': FINANCE,
  'Query.compareRuns': EVERYONE,
  'Query.runTrends': EVERYONE,
  'Query.hardwareProfiles': EVERYONE,
  'Query.hardwareProfile': EVERYONE,
  'Query.currencyRates': EVERYONE,
  'Query.convertCurrency': EVERYONE,
  'Query.leaderboard': EVERYONE,
  // finance (server/src/finance-api)
  'Query.initiatives': EVERYONE,
  'Query.initiative': EVERYONE,
  'Query.roiScorecard': EVERYONE,
  'Query.whatIf': EVERYONE,
  'Query.tcoReport': EVERYONE,
  'Query.tvoReport': EVERYONE,
  'Query.portfolio': EVERYONE,
  'Query.recommendDeployment': EVERYONE,
  'Query.financeReportCsv': EVERYONE,
  'Query.inferenceFocusCsv': EVERYONE,
  // mutations
  'Mutation.registerAgent': ADMIN,
  'Mutation.createToken': ADMIN,
  'Mutation.revokeToken': ADMIN,
  'Mutation.startRun': AGENT,
  'Mutation.appendSamples': AGENT,
  'Mutation.appendTelemetry': AGENT,
  'Mutation.finishRun': AGENT,
  'Mutation.createHardwareProfile': FINANCE,
  'Mutation.updateHardwareProfile': FINANCE,
  'Mutation.setHardwarePrice': FINANCE,
  'Mutation.linkRunToHardwareProfile': FINANCE,
  'Mutation.setCurrencyRate': FINANCE,
  // finance (server/src/finance-api)
  'Mutation.createInitiative': FINANCE,
  'Mutation.updateInitiative': FINANCE,
  'Mutation.deleteInitiative': FINANCE,
  'Mutation.setDemand': FINANCE,
  'Mutation.createCostItem': FINANCE,
  'Mutation.updateCostItem': FINANCE,
  'Mutation.deleteCostItem': FINANCE,
  'Mutation.createValueStream': FINANCE,
  'Mutation.updateValueStream': FINANCE,
  'Mutation.deleteValueStream': FINANCE,
  'Mutation.createDeploymentOption': FINANCE,
  'Mutation.updateDeploymentOption': FINANCE,
  'Mutation.deleteDeploymentOption': FINANCE,
  'Mutation.createTimeStudy': FINANCE,
  'Mutation.updateTimeStudy': FINANCE,
  'Mutation.deleteTimeStudy': FINANCE,
  'Mutation.addTimeObservations': FINANCE,
  'Mutation.deleteTimeObservation': FINANCE,
  'Mutation.importFocusCsv': FINANCE,
  'Mutation.selectDeploymentOption': FINANCE,
  'Mutation.setProductionNotApplicable': FINANCE,
};

const CALLERS: Caller[] = ['ADMIN', 'AGENT', 'ANALYST', 'VIEWER', 'anon'];

/** A value of `type` that passes GraphQL coercion (it may still fail the resolver's checks). */
function dummyValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummyValue(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.name; // variables carry enum names
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        out[field.name] = dummyValue(field.type);
    }
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'ID':
        return '00000000-0000-4000-8000-000000000000';
      case 'DateTime':
        return '2026-01-01T00:00:00.000Z';
      case 'Date':
        return '2026-01-01';
      case 'JSON':
      case 'JSONObject':
        return {};
      default:
        return 'x';
    }
  }
  return null;
}

/** `query($first: Int) { runs(first: $first) { __typename } }` with dummy variables. */
function requestFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const decls = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  const query = `${kind}${decls ? `(${decls})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  const variables = Object.fromEntries(required.map((a) => [a.name, dummyValue(a.type)]));
  return { query, variables };
}

function operations(schema: GraphQLSchema) {
  const ops: { key: string; kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      ops.push({ key: `${type!.name}.${field.name}`, kind, field });
    }
  }
  return ops;
}

describe('role × operation matrix (every operation of the built schema)', () => {
  let t: TestServer;
  let schema: GraphQLSchema;
  const tokens: Partial<Record<Caller, string | null>> = { anon: null };

  beforeAll(async () => {
    t = await startTestServer();
    schema = await buildAppSchema();
    tokens.ADMIN = t.adminToken;
    tokens.AGENT = (await registerAgent(t, 'matrix-agent')).token;
    tokens.ANALYST = await t.server.services.tokens.create(Role.ANALYST, 'matrix-analyst');
    tokens.VIEWER = await t.server.services.tokens.create(Role.VIEWER, 'matrix-viewer');
  });
  afterAll(() => t.close());

  it('the expected-permission table lists exactly the operations of the schema', () => {
    const inSchema = operations(schema).map((o) => o.key);
    const missing = inSchema.filter((k) => !(k in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((k) => !inSchema.includes(k));
    expect(missing, 'operations without an entry in EXPECTED (server/test/roles.test.ts)').toEqual([]);
    expect(stale, 'entries in EXPECTED for operations no longer in the schema').toEqual([]);
  });

  it('each caller is allowed exactly the operations the table gives it', async () => {
    const mismatches: string[] = [];
    // Mutations last and admin's revokeToken/createToken on dummy ids: nothing here disables a caller.
    const ops = operations(schema).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'query' ? -1 : 1));
    for (const op of ops) {
      const { query, variables } = requestFor(op.kind, op.field);
      for (const caller of CALLERS) {
        const res = await t.gql(query, variables, tokens[caller]);
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        const denied = codes.includes('UNAUTHENTICATED') || codes.includes('FORBIDDEN');
        const expected = (EXPECTED[op.key] ?? []).includes(caller);
        if (codes.includes('GRAPHQL_VALIDATION_FAILED')) {
          mismatches.push(
            `${op.key} as ${caller}: the generated request is invalid: ${res.errors?.[0]?.message}`,
          );
        } else if (denied === expected) {
          mismatches.push(
            `${op.key} as ${caller}: expected ${expected ? 'allowed' : 'denied'}, got ${
              denied ? codes.join(',') : `allowed (${codes.join(',') || 'data'})`
            }`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a denial is the right kind: anonymous gets UNAUTHENTICATED, a token with the wrong role FORBIDDEN', async () => {
    const { query, variables } = requestFor('mutation', schema.getMutationType()!.getFields().registerAgent!);
    const anon = await t.gql(query, variables, null);
    expect(anon.status).toBe(401);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const analyst = await t.gql(query, variables, tokens.ANALYST);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(analyst.errors?.[0]?.message).toMatch(/needs role ADMIN; this token has role ANALYST/);
  });
});
