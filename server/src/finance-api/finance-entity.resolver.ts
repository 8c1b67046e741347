import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import type { CostItemRecord, TimeStudyRecord, ValueStreamRecord } from '../db/tables';
import type { Estimate } from '../finance/ranges';
import { Distribution } from './finance.enums';
import {
  AdoptionCurve,
  CostItem,
  FinanceEstimate,
  NamedEstimate,
  TimeObservation,
  TimeSavedResult,
  TimeStudy,
  ValueStream,
} from './finance.types';
import { estimateOf, studyHours } from './initiative-model';

// Derived fields of the stored entities (estimates as low/likely/high, study results). Thin.

/** An engine Estimate as the FinanceEstimate GraphQL object. */
export function estimateObject(e: Estimate): FinanceEstimate {
  const r = typeof e === 'number' ? { low: e, likely: e, high: e } : e;
  return {
    low: r.low,
    likely: r.likely,
    high: r.high,
    ranged: r.low < r.high,
    distribution:
      typeof e !== 'number' && e.distribution === 'pert' ? Distribution.PERT : Distribution.TRIANGULAR,
  };
}

@Resolver(() => CostItem)
export class CostItemFieldsResolver {
  @FieldResolver(() => FinanceEstimate, { description: 'Amount per occurrence, in currency.' })
  amount(@Root() c: CostItemRecord) {
    return estimateObject(estimateOf(c.amountLow, c.amountLikely, c.amountHigh, c.distribution));
  }
}

@Resolver(() => ValueStream)
export class ValueStreamFieldsResolver {
  @FieldResolver(() => [NamedEstimate])
  params(@Root() v: ValueStreamRecord) {
    return Object.entries(v.params as Record<string, Estimate>).map(([name, e]) => ({
      name,
      value: estimateObject(e),
    }));
  }

  @FieldResolver(() => FinanceEstimate, { description: 'Risk haircut fraction.' })
  haircut(@Root() v: ValueStreamRecord) {
    return estimateObject(estimateOf(v.haircutLow, v.haircutLikely, v.haircutHigh));
  }

  @FieldResolver(() => AdoptionCurve, { nullable: true })
  adoption(@Root() v: ValueStreamRecord) {
    const a = v.adoption as {
      maxFraction: Estimate;
      steepnessPerMonth: number;
      midpointMonth: number;
    } | null;
    return a && { ...a, maxFraction: estimateObject(a.maxFraction) };
  }
}

@Resolver(() => TimeStudy)
export class TimeStudyFieldsResolver {
  @FieldResolver(() => [TimeObservation])
  observations(@Root() s: TimeStudyRecord, @Ctx() ctx: AppContext) {
    return ctx.services.finance.observations(s.id);
  }

  @FieldResolver(() => TimeSavedResult, {
    nullable: true,
    description: 'Null while either arm has < 2 observations.',
  })
  async result(@Root() s: TimeStudyRecord, @Ctx() ctx: AppContext) {
    const h = studyHours(await ctx.services.finance.observations(s.id));
    return (
      h && {
        meanSavedMinutes: h.meanSaved * 60,
        ci95LowMinutes: h.ci95Low * 60,
        ci95HighMinutes: h.ci95High * 60,
        nBefore: h.nBefore,
        nAfter: h.nAfter,
        degreesOfFreedom: h.degreesOfFreedom,
      }
    );
  }
}
