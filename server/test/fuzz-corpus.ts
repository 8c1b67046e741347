import { mulberry32 } from '@yardstick/schema/seeded-random';
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

// Request generators for server/test/fuzz.test.ts. Everything is derived from the built schema
// (so operations other helpers add are fuzzed too) and from a seeded PRNG (reproducible).

/** One HTTP request to send. `expectWrite` is never true: no fuzz request may change data. */
export interface FuzzRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Open a fresh connection (for bodies the server refuses before reading them all). */
  fresh?: boolean;
}

/** Strings that break naive SQL, templates, shells, paths, parsers and encodings. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE runs; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  '1); DELETE FROM samples; --',
  "'); ATTACH '/tmp/evil.duckdb' AS evil; --",
  "COPY runs TO '/tmp/leak.csv'",
  '$1',
  '?',
  '%s%s%s%n',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000',
  '\\',
  "'",
  '"',
  '`',
  '\r\nX-Injected: 1',
  '🚀💥',
  '\ud800',
  '__proto__',
  '{"$gt": ""}',
  '1e309',
  'NaN',
  '',
  ' ',
  'a'.repeat(5000),
  'null',
  '0x7fffffff',
];

/** Values of the wrong type for any argument. */
export const WRONG_TYPED: unknown[] = [
  12345,
  -1,
  1.5,
  1e308,
  true,
  [],
  [[[1]]],
  {},
  { nested: { deeper: [1, 'x'] } },
  'not-a-number',
  '2026-13-45T99:99:99Z',
  null,
];

/** The project's seeded PRNG (mulberry32) returning [0, 1). */
export const prng = mulberry32;

/** A value of `type` that passes GraphQL coercion. */
export function dummyValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return dummyValue(type.ofType, depth);
  if (isListType(type)) return depth > 4 ? [] : [dummyValue(type.ofType, depth + 1)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) out[field.name] = dummyValue(field.type, depth + 1);
    return out;
  }
  if (isScalarType(type)) {
    if (type.name === 'Int' || type.name === 'Float') return 1;
    if (type.name === 'Boolean') return false;
    if (type.name === 'DateTime') return '2026-01-01T00:00:00.000Z';
    if (type.name === 'JSON' || type.name === 'JSONObject') return {};
    return 'x';
  }
  return null;
}

/** Paths of every leaf in a value (`['input', 'hardware', 'hostname']`), with its GraphQL type. */
export function leafPaths(value: unknown, type: GraphQLInputType, path: string[] = []) {
  const out: { path: (string | number)[]; scalar: string }[] = [];
  const named = getNamedType(type);
  if (isInputObjectType(named) && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const field of Object.values(named.getFields())) {
      out.push(
        ...leafPaths((value as Record<string, unknown>)[field.name], field.type, [...path, field.name]),
      );
    }
  } else if (Array.isArray(value) && value.length > 0 && isInputObjectType(named)) {
    out.push(...leafPaths(value[0], named, [...path, '0']));
  } else {
    out.push({ path, scalar: named.name });
  }
  return out;
}

/**
 * Paths of every list-typed position in a dummy value (`['filter']` is not one; `['ids']`,
 * `['overrides', 'inputs']`, `['input', 'samples', 0, 'itlMs']` are), outermost first.
 */
export function listPaths(value: unknown, type: GraphQLInputType, path: (string | number)[] = []) {
  const out: (string | number)[][] = [];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    out.push(path);
    if (Array.isArray(value) && value.length > 0) {
      out.push(...listPaths(value[0], inner.ofType as GraphQLInputType, [...path, 0]));
    }
  } else if (isInputObjectType(inner) && value && typeof value === 'object') {
    for (const field of Object.values(inner.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[field.name];
      out.push(...listPaths(fieldValue, field.type, [...path, field.name]));
    }
  }
  return out;
}

/** A deep copy of `root` with the value at `path` replaced. */
export function withValueAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

export interface Operation {
  key: string;
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  /** `query($a: T!) { op(a: $a) { __typename } }` */
  document: string;
  variables: Record<string, unknown>;
}

/** Every root operation, with all its arguments passed as variables holding dummy values. */
export function operationsOf(schema: GraphQLSchema): Operation[] {
  const ops: Operation[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const decls = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const named = getNamedType(field.type);
      const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
      ops.push({
        key: `${type!.name}.${field.name}`,
        kind,
        field,
        document: `${kind}${decls ? `(${decls})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
        variables: Object.fromEntries(field.args.map((a) => [a.name, dummyValue(a.type)])),
      });
    }
  }
  return ops;
}

/** Random byte-level damage to a text: flip, drop, duplicate or insert characters. */
export function mangle(text: string, random: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(random() * 4);
  const noise = [
    '{',
    '}',
    '(',
    ')',
    '$',
    '"',
    '\\',
    ':',
    '!',
    '@',
    '#',
    '...',
    '\u0000',
    'mutation',
    '__schema',
  ];
  for (let i = 0; i < edits && chars.length > 0; i += 1) {
    const at = Math.floor(random() * chars.length);
    const op = Math.floor(random() * 4);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, noise[Math.floor(random() * noise.length)]!);
    else if (op === 2) chars.splice(at, 0, ...chars.slice(at, at + 8));
    else chars[at] = String.fromCharCode(32 + Math.floor(random() * 95));
  }
  return chars.join('');
}
