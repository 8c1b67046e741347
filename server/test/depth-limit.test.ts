import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { parse, validate } from '../src/graphql/graphql';
import { depthLimit, MAX_QUERY_DEPTH } from '../src/graphql/depth-limit';
import { buildAppSchema } from '../src/schema';
import { startTestServer } from './helpers';

// runs > edges > node > hardware > accelerators > model: 6 levels.
const SIX = '{ runs { edges { node { hardware { accelerators { model } } } } } }';
const SIX_VIA_FRAGMENTS = `{ runs { ...C } }
  fragment C on RunConnection { edges { node { ...R } } }
  fragment R on Run { hardware { ... on HardwareInventory { accelerators { model } } } }`;

describe('query depth limit', () => {
  it('counts field nesting through fragments and inline fragments', async () => {
    const schema = await buildAppSchema();
    for (const query of [SIX, SIX_VIA_FRAGMENTS]) {
      expect(validate(schema, parse(query), [depthLimit(6)])).toEqual([]);
      const errors = validate(schema, parse(query), [depthLimit(5)]);
      expect(errors.map((e) => e.message)).toEqual(['Query is nested 6 levels deep; the limit is 5.']);
    }
  });

  it(`the server rejects a query deeper than ${MAX_QUERY_DEPTH}`, async () => {
    const t = await startTestServer();
    try {
      let deep = 'id';
      for (let i = 0; i < 13; i++) deep = `a${i} { ${deep} }`;
      const res = await t.gql(`{ ${deep} }`);
      expect(res.errors?.map((e) => e.message)).toContain('Query is nested 14 levels deep; the limit is 12.');
      const ok = await t.gql(SIX);
      expect(ok.errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
