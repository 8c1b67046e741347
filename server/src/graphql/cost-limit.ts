import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from './graphql';

/** Highest cost an operation may have (see operationCost). */
export const MAX_QUERY_COST = 25_000;
/** Assumed length of a list field without a size argument. */
export const DEFAULT_LIST_SIZE = 10;
/** Arguments that say how many items a list field returns. */
const SIZE_ARGS = ['first', 'last', 'limit', 'buckets'];

type Vars = Record<string, unknown>;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The value of a field's size argument (literal, variable or default), or null when it has none. */
function sizeArgument(node: FieldNode, def: GraphQLField<unknown, unknown>, vars: Vars): number | null {
  for (const name of SIZE_ARGS) {
    const argDef = def.args.find((a) => a.name === name);
    if (!argDef) continue;
    const given = node.arguments?.find((a) => a.name.value === name);
    const value = (given ? valueFromASTUntyped(given.value, vars) : undefined) ?? argDef.defaultValue;
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? Math.ceil(n) : 1;
  }
  return null;
}

/**
 * Estimated cost of an operation: every field costs 1, and the cost of what is selected inside
 * a field with a size argument (`first`, `buckets`, ...) is multiplied by that size; a list
 * field without one counts as 10 items, except directly inside a sized field (a connection's
 * `edges`, already counted by `first`). Aliases and fragments count like written-out fields.
 * Example: `{ runs(first: 100) { edges { node { id model } } } }` costs
 * 1 (runs) + 100 × (1 edges + 1 node + 2 fields) = 401.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  vars: Vars = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const costOf = (
    set: SelectionSetNode,
    type: GraphQLNamedType | null | undefined,
    seen: Set<string>,
    parentSized = false,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) {
          total += selection.selectionSet ? 1 + costOf(selection.selectionSet, null, seen) : 0;
          continue;
        }
        const fields = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
        const def = fields?.[selection.name.value];
        if (!def) {
          total += 1;
          continue;
        }
        const sized = sizeArgument(selection, def, vars);
        const size = sized ?? (isList(def.type) && !parentSized ? DEFAULT_LIST_SIZE : 1);
        const inner = selection.selectionSet
          ? costOf(selection.selectionSet, getNamedType(def.type), seen, sized !== null)
          : 0;
        total += 1 + size * inner;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += costOf(selection.selectionSet, condition ?? type, seen, parentSized);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        total += costOf(fragment.selectionSet, condition ?? type, new Set([...seen, name]), parentSized);
      }
      if (total > Number.MAX_SAFE_INTEGER / 1000) return total;
    }
    return total;
  };
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return costOf(operation.selectionSet, root, new Set());
}

/** Apollo plugin rejecting operations whose operationCost exceeds `maxCost`. */
export function costLimitPlugin(maxCost = MAX_QUERY_COST): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return Promise.resolve();
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > maxCost) {
            throw new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${maxCost}: ask for fewer items (smaller first:) or fewer fields`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost, http: { status: 400 } } },
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}
