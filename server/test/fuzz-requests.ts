import { sampleInput } from './helpers';
import {
  HOSTILE_STRINGS,
  WRONG_TYPED,
  leafPaths,
  listPaths,
  mangle,
  prng,
  withValueAt,
  type FuzzRequest,
  type Operation,
} from './fuzz-corpus';

// The request mix of server/test/fuzz.test.ts (see docs/security.md, "Fuzzing").

/**
 * The fuzz requests, in a fixed order from a fixed seed. `tokens`: admin, agentA, agentB,
 * analyst, viewer; `runOfA`: a run of agent A. Padded with damaged documents to `minRequests`.
 */
export function buildCorpus(
  ops: Operation[],
  tokens: Record<string, string>,
  runOfA: string,
  minRequests: number,
): FuzzRequest[] {
  const random = prng(20_260_101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const json = (token: string | null) => ({
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const gql = (kind: string, token: string | null, query: string, variables?: unknown): FuzzRequest => ({
    kind,
    method: 'POST',
    path: '/graphql',
    headers: json(token),
    body: JSON.stringify({ query, variables }),
  });
  const out: FuzzRequest[] = [];
  // Who sends what: reads as analyst/admin/anon (they may answer with data); mutations only as
  // callers that may not write them (viewer, anonymous), or as agent B against agent A's run.
  const readers = [tokens.analyst!, tokens.admin!, null];
  const nonWriters = [tokens.viewer!, null];

  // 1. Hostile strings in every text argument of every operation, as a variable and inline.
  // Mutations (refused cheaply) get all of them; reads run real queries, so each text field of a
  // read gets the SQL one plus a rotating third of the rest (all of them across the fields).
  let rotation = 0;
  for (const op of ops) {
    for (const arg of op.field.args) {
      for (const leaf of leafPaths(op.variables[arg.name], arg.type, [arg.name])) {
        if (!['String', 'ID'].includes(leaf.scalar)) continue;
        rotation += 1;
        const strings =
          op.kind === 'mutation'
            ? HOSTILE_STRINGS
            : HOSTILE_STRINGS.filter((_, i) => i === 0 || (i + rotation) % 3 === 0);
        for (const hostile of strings) {
          const variables = withValueAt(op.variables, leaf.path, hostile) as Record<string, unknown>;
          if (op.kind === 'query') {
            out.push(gql('read:hostile-string', pick(readers), op.document, variables));
          } else {
            out.push(gql('write:hostile-string', pick(nonWriters), op.document, variables));
            if (
              leaf.path.join('.') !== 'input.runId' &&
              'runId' in ((op.variables.input as object | undefined) ?? {})
            ) {
              const aimed = withValueAt(variables, ['input', 'runId'], runOfA);
              out.push(gql('write:hostile-string-other-agent', tokens.agentB!, op.document, aimed));
            }
          }
          // The same string spliced into the document text (escaped, then raw).
          const literal = op.document.replace(/\{ (\w+)/, `{ $1_${JSON.stringify(hostile).slice(1, 40)}`);
          out.push(
            gql(
              op.kind === 'query' ? 'read:hostile-inline' : 'write:hostile-inline',
              pick(nonWriters),
              literal,
              variables,
            ),
          );
        }
      }
    }
  }
  // 2. Wrong types in every argument leaf.
  for (const op of ops) {
    for (const arg of op.field.args) {
      for (const leaf of leafPaths(op.variables[arg.name], arg.type, [arg.name])) {
        for (const wrong of WRONG_TYPED) {
          const variables = withValueAt(op.variables, leaf.path, wrong);
          const token = op.kind === 'query' ? pick(readers) : pick(nonWriters);
          out.push(
            gql(op.kind === 'query' ? 'read:wrong-type' : 'write:wrong-type', token, op.document, variables),
          );
        }
      }
    }
  }
  // 2b. An empty list in every list-typed position (top-level and nested), and every list
  // position of an operation empty at once. Reads must answer with data or a clear error.
  for (const op of ops) {
    const paths = op.field.args.flatMap((arg) => listPaths(op.variables[arg.name], arg.type, [arg.name]));
    if (paths.length === 0) continue;
    // Lists not inside another list, all empty together.
    const outermost = paths.filter((path) => !path.some((key) => typeof key === 'number'));
    const allEmpty = outermost.reduce<unknown>((vars, path) => withValueAt(vars, path, []), op.variables);
    for (const variables of [...paths.map((path) => withValueAt(op.variables, path, [])), allEmpty]) {
      const token = op.kind === 'query' ? pick(readers) : pick(nonWriters);
      out.push(
        gql(op.kind === 'query' ? 'read:empty-list' : 'write:empty-list', token, op.document, variables),
      );
    }
  }
  // 3. Huge lists and pages (agent A on its own run: refused by size, not by ownership).
  const append = 'mutation($input: AppendSamplesInput!) { appendSamples(input: $input) { accepted } }';
  const tooMany = Array.from({ length: 5001 }, (_, i) => sampleInput(i + 100));
  for (let i = 0; i < 3; i += 1) {
    out.push(
      gql('write:huge-batch', tokens.agentA!, append, {
        input: { runId: runOfA, batchSeq: 10 + i, samples: tooMany },
      }),
    );
  }
  const badSample = [sampleInput(50, { ttftMs: -5 })];
  out.push(
    gql('write:invalid-sample', tokens.agentA!, append, {
      input: { runId: runOfA, batchSeq: 9, samples: badSample },
    }),
  );
  for (const n of [0, -1, 201, 10_000, 2 ** 31, 1e12]) {
    out.push(gql('read:huge-page', tokens.analyst!, `{ runs(first: ${n}) { totalCount } }`));
    out.push(
      gql('read:huge-page', tokens.analyst!, 'query($n: Int) { auditLog(first: $n) { edges { cursor } } }', {
        n,
      }),
    );
    out.push(
      gql(
        'read:huge-page',
        tokens.analyst!,
        `query($id: ID!) { run(id: $id) { latencyHistogram(metric: TTFT, buckets: ${n}) { count } } }`,
        { id: runOfA },
      ),
    );
  }
  out.push(
    gql(
      'read:huge-aliases',
      tokens.analyst!,
      `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: runs(first: 200) { totalCount }`).join(' ')} }`,
    ),
  );
  // 4. Deep nesting: of selections, of braces, of JSON variables.
  for (const depth of [13, 20, 50, 200, 1000]) {
    const sel = `${'edges { node { hardware { '.repeat(depth)}hostname${' } } }'.repeat(depth)}`;
    out.push(gql('read:deep-selection', tokens.analyst!, `{ runs { ${sel} } }`));
    out.push(gql('read:deep-braces', null, `${'{'.repeat(depth * 10)}${'}'.repeat(depth * 10)}`));
    // Written out by hand: JSON.stringify itself overflows on nesting this deep.
    const levels = depth * 5;
    const nested = `${'{"a":['.repeat(levels)}"x"${']}'.repeat(levels)}`;
    const query = 'query($f: RunFilter) { runs(filter: $f) { totalCount } }';
    out.push({
      kind: 'deep-variables',
      method: 'POST',
      path: '/graphql',
      headers: json(tokens.analyst!),
      body: `{"query": ${JSON.stringify(query)}, "variables": {"f": ${nested}}}`,
    });
  }
  // 5. Invalid JSON and odd JSON values.
  const valid = JSON.stringify({ query: '{ me { role } }' });
  const oddBodies = [
    '',
    ' ',
    'null',
    '123',
    '"text"',
    '[]',
    '[1,2]',
    '{}',
    '{"query": 5}',
    '{"query": null}',
    '{"query": ["{ me { role } }"]}',
    '{"query": "{ me { role } }", "variables": "nope"}',
    '{"query": "{ me { role } }", "variables": [1]}',
    '{"query": "{ me { role } }", "operationName": 42}',
    '{"query": "{ me { role } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}',
    '{"query": "query A { me { role } } query B { me { name } }"}',
    '{"query": "query A { me { role } }", "operationName": "Nope"}',
    '{"query": "subscription { me { role } }"}',
    '{"query": "fragment F on Query { ...F } { ...F }"}',
    '{"query": "{ me { role @skip(if: \\"yes\\") } }"}',
    '{"query": "query($x: Int!) { runs(first: $x) { totalCount } }"}',

    valid.slice(0, -1),
    valid + 'garbage',
    '{"query": "{ me { role } }",}',
    "{'query': '{ me { role } }'}",
  ];
  // A byte-order mark is tolerated: this one is a valid read.
  out.push({
    kind: 'read:bom',
    method: 'POST',
    path: '/graphql',
    headers: json(tokens.viewer!),
    body: `\ufeff${valid}`,
  });
  for (const body of oddBodies)
    out.push({ kind: 'odd-json', method: 'POST', path: '/graphql', headers: json(tokens.viewer!), body });
  for (let i = 0; i < 300; i += 1) {
    const cut = valid.slice(0, Math.floor(random() * valid.length));
    out.push({
      kind: 'truncated-json',
      method: 'POST',
      path: '/graphql',
      headers: json(null),
      body: cut || '{',
    });
    const bytes = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)),
    );
    out.push({ kind: 'random-bytes', method: 'POST', path: '/graphql', headers: json(null), body: bytes });
  }
  // 6. Wrong content types and charsets.
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/graphql',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'json',
    '*/*',
  ]) {
    for (const body of [valid, 'query=%7B%20me%20%7D']) {
      out.push({
        kind: 'content-type',
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': type },
        body,
      });
    }
  }
  out.push({ kind: 'content-type', method: 'POST', path: '/graphql', headers: {}, body: valid });
  // 7. Oversized bodies (the 50 MB limit), on their own connections.
  for (let i = 0; i < 2; i += 1) {
    const big = Buffer.alloc(51 * 1024 * 1024, 0x20);
    big.write('{"query": "', 0);
    out.push({
      kind: 'oversized',
      method: 'POST',
      path: '/graphql',
      headers: json(null),
      body: big,
      fresh: true,
    });
  }
  // 8. Junk credentials.
  for (const auth of [
    'Bearer',
    'Bearer ',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer ys_',
    `Bearer ys_${'A'.repeat(43)}`,
    `Bearer ${'x'.repeat(6000)}`,
    'Bearer a b c',
    `Bearer ${tokens.admin!}x`,
  ]) {
    out.push({
      kind: 'bad-token',
      method: 'POST',
      path: '/graphql',
      headers: { ...json(null), authorization: auth },
      body: valid,
    });
  }
  // 9. GET: mutations, no preflight header, odd query strings.
  for (const q of [
    'mutation { registerAgent(input: { name: "g" }) { token } }',
    '{ me { role } }',
    '{',
    '',
  ]) {
    const path = `/graphql?query=${encodeURIComponent(q)}`;
    out.push({ kind: 'get-no-preflight', method: 'GET', path, headers: {} });
    out.push({
      kind: q.startsWith('{ me') ? 'read:get' : 'get',
      method: 'GET',
      path,
      headers: { 'apollo-require-preflight': '1', authorization: `Bearer ${tokens.admin!}` },
    });
  }
  out.push({
    kind: 'get',
    method: 'GET',
    path: '/graphql?query=%E0%A4%A&variables=%7B',
    headers: { 'apollo-require-preflight': '1' },
  });
  // 10. Random damage to every operation until there are enough requests.
  const documents = ops.map((op) => ({
    op,
    text: JSON.stringify({ query: op.document, variables: op.variables }),
  }));
  while (out.length < minRequests + 200) {
    const { op, text } = pick(documents);
    const asBody = random() < 0.5;
    const body = asBody
      ? mangle(text, random)
      : JSON.stringify({ query: mangle(op.document, random), variables: op.variables });
    const token = op.kind === 'query' ? pick(readers) : pick(nonWriters);
    out.push({
      kind: op.kind === 'query' ? 'read:mangled' : 'write:mangled',
      method: 'POST',
      path: '/graphql',
      headers: json(token),
      body,
    });
  }
  return out;
}
