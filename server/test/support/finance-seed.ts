import type { TestServer } from '../helpers';

// A fluent seed for finance tests, through the real GraphQL API (like GraphQL Hive's initSeed()):
//   const s = financeSeed(t, t.adminToken);
//   const i = await s.createInitiative({ name: 'Support assistant' });
//   await i.addCostItem({ ... }); await i.addValueStream({ ... });
//   const study = await i.addTimeStudy({ name: 'stopwatch' }); await study.observe([12, 14], [8, 9]);
// Every step throws with the GraphQL errors when the server refuses it.

type Vars = Record<string, unknown>;

/** Sends one operation and returns `data[field]`, or throws the errors. */
async function call<T>(
  t: TestServer,
  token: string,
  query: string,
  variables: Vars,
  field: string,
): Promise<T> {
  const res = await t.gql<Record<string, T>>(query, variables, token);
  if (res.errors?.length || !res.data) throw new Error(`${field}: ${JSON.stringify(res.errors)}`);
  return res.data[field] as T;
}

const id = (field: string, inputType: string, select = 'id') =>
  `mutation($input: ${inputType}!) { ${field}(input: $input) { ${select} } }`;

export interface SeededStudy {
  id: string;
  /** Adds observations in minutes: BEFORE timings, then AFTER timings. */
  observe(before: number[], after: number[]): Promise<void>;
}

export interface SeededInitiative {
  id: string;
  setDemand(input: Vars): Promise<void>;
  addCostItem(input: Vars): Promise<string>;
  addValueStream(input: Vars): Promise<string>;
  addDeploymentOption(input: Vars): Promise<string>;
  addTimeStudy(input?: Vars): Promise<SeededStudy>;
}

/** Starts a seed that acts with `token` (an ADMIN or ANALYST token writes). */
export function financeSeed(t: TestServer, token: string) {
  const mutate = async (field: string, inputType: string, input: Vars) =>
    (await call<{ id: string }>(t, token, id(field, inputType), { input }, field)).id;
  return {
    async createInitiative(input: Vars = {}): Promise<SeededInitiative> {
      const initiativeId = await mutate('createInitiative', 'CreateInitiativeInput', {
        name: 'Support assistant',
        owner: 'Customer Care',
        phase: 'PRODUCTION',
        startDate: '2026-01-01T00:00:00.000Z',
        ...input,
      });
      const withId = (x: Vars) => ({ initiativeId, ...x });
      return {
        id: initiativeId,
        async setDemand(demand) {
          await call(
            t,
            token,
            id('setDemand', 'SetDemandInput', 'initiativeId'),
            { input: withId({ inputTokensPerTask: 1000, outputTokensPerTask: 300, ...demand }) },
            'setDemand',
          );
        },
        addCostItem: (x) =>
          mutate(
            'createCostItem',
            'CreateCostItemInput',
            withId({ name: 'Cost', phase: 'PRODUCTION', ...x }),
          ),
        addValueStream: (x) =>
          mutate(
            'createValueStream',
            'CreateValueStreamInput',
            withId({ name: 'Value', phase: 'PRODUCTION', ...x }),
          ),
        addDeploymentOption: (x) =>
          mutate('createDeploymentOption', 'CreateDeploymentOptionInput', withId(x)),
        async addTimeStudy(x = {}) {
          const studyId = await mutate(
            'createTimeStudy',
            'CreateTimeStudyInput',
            withId({ name: 'Stopwatch study', task: 'answer a ticket', ...x }),
          );
          return {
            id: studyId,
            async observe(before, after) {
              const observations = [
                ...before.map((minutes) => ({ arm: 'BEFORE', minutes })),
                ...after.map((minutes) => ({ arm: 'AFTER', minutes })),
              ];
              await call(
                t,
                token,
                'mutation($input: AddTimeObservationsInput!) { addTimeObservations(input: $input) { id } }',
                { input: { studyId, observations } },
                'addTimeObservations',
              );
            },
          };
        },
      };
    },
  };
}

/** A token of `role` made by the admin through GraphQL. */
export async function tokenFor(t: TestServer, role: 'ANALYST' | 'VIEWER' | 'AGENT'): Promise<string> {
  return (
    await call<{ token: string }>(
      t,
      t.adminToken,
      'mutation($input: CreateTokenInput!) { createToken(input: $input) { token } }',
      { input: { name: `${role.toLowerCase()}-test`, role } },
      'createToken',
    )
  ).token;
}
