// The one place server code imports graphql-js from. 'graphql/index.js' instead of 'graphql':
// graphql 16 ships CJS (index.js) and ESM (index.mjs) with no "exports" map. Node, type-graphql
// and Apollo load the CJS build; Vite (vitest) would resolve a bare 'graphql' to the .mjs build,
// and two copies break `instanceof GraphQLError` / "Cannot use GraphQLNonNull from another realm".
// Can go when graphql 17 (single ESM build with an exports map) is adopted.
export * from 'graphql/index.js';
