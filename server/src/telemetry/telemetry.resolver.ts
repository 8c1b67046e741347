import { Arg, Authorized, Ctx, FieldResolver, Float, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import type { RunRecord } from '../db/tables';
import { Role } from '../auth/principal';
import { Audited } from '../audit/audited';
import { Run } from '../runs/run.types';
import { AppendTelemetryInput, AppendTelemetryPayload, TelemetryDeviceSeries } from './telemetry.types';

const inputRunId = (args: Record<string, unknown>) =>
  (args.input as { runId?: unknown } | undefined)?.runId as string | undefined;

// Thin: every field delegates to TelemetryService, which holds the rules.
@Resolver(() => Run)
export class TelemetryResolver {
  @Authorized(Role.AGENT)
  @Audited({ entityType: 'telemetry_batch', entityId: inputRunId })
  @Mutation(() => AppendTelemetryPayload, {
    description:
      'Hardware readings for an own run; idempotent per (runId, batchSeq); all or nothing; at most 10000 readings per call.',
  })
  appendTelemetry(
    @Arg('input', () => AppendTelemetryInput) input: AppendTelemetryInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.telemetry.append(ctx.principal!, input);
  }

  @FieldResolver(() => [TelemetryDeviceSeries], {
    description: 'Power, utilisation and memory per device over the run, in slices of bucketS seconds.',
  })
  telemetrySeries(
    @Root() run: RunRecord,
    @Ctx() ctx: AppContext,
    @Arg('bucketS', () => Float, { nullable: true, defaultValue: 1 }) bucketS?: number,
  ) {
    return ctx.services.telemetry.series(run, bucketS ?? 1);
  }
}
