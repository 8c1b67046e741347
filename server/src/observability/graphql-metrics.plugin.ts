import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from '../graphql/graphql';
import type { ServerMetrics } from './metrics';

/** The first root field of an operation, e.g. `runs` for `query { runs { ... } }` (a bounded label). */
function firstRootField(operation: OperationDefinitionNode | undefined): string {
  const selection = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  return selection?.kind === Kind.FIELD ? selection.name.value : 'unknown';
}

/**
 * Apollo plugin: observes each GraphQL operation's latency (parse to response) in
 * yardstick_graphql_operation_duration_seconds{operation, field, outcome}, and counts the samples
 * an appendSamples response reports as accepted (the client must select `accepted`; the agent does).
 */
export function graphqlMetricsPlugin(metrics: ServerMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse({ operation, response }) {
          const body = response.body;
          const hasErrors = body.kind === 'single' && (body.singleResult.errors?.length ?? 0) > 0;
          // Samples stored through the appendSamples mutation (RunService knows nothing of metrics).
          const appended = body.kind === 'single' ? body.singleResult.data?.appendSamples : undefined;
          const accepted = (appended as { accepted?: unknown } | null | undefined)?.accepted;
          if (typeof accepted === 'number' && accepted > 0) metrics.samplesIngested(accepted, 'graphql');
          metrics.graphqlDuration.observe(
            {
              operation: operation?.operation ?? 'invalid',
              // Field names come from the schema once the document validated; before that, 'invalid'.
              field: operation ? firstRootField(operation) : 'invalid',
              outcome: hasErrors ? 'error' : 'ok',
            },
            (performance.now() - startedAt) / 1000,
          );
        },
      };
    },
  };
}
