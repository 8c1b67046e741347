import type { Initiative } from '../finance/model';
import { SERVING_INPUT_KEYS } from '../finance/serving-line';
import { badInput } from '../graphql/errors';
import type { WhatIfOverrides } from './finance.inputs';
import { estimateOf } from './initiative-model';

// whatIf's overrides applied to a copy of the engine's Initiative (nothing is stored). Keys are the
// engine's input keys, as roiScorecard.tornado.bars.input and monteCarlo.rangedInputs list them.

const KEY = /^(costItems|valueStreams)\[(.+)\]\.([A-Za-z]+(?:\.[A-Za-z]+)?)$/;

/** A copy of `initiative` with the overrides applied; an unknown key is refused naming its index. */
export function applyOverrides(initiative: Initiative, overrides: WhatIfOverrides): Initiative {
  const next = structuredClone(initiative);
  if (overrides.discountRatePerYear != null) next.discountRatePerYear = overrides.discountRatePerYear;
  if (overrides.horizonMonths != null) next.horizonMonths = overrides.horizonMonths;
  if (overrides.tasksPerMonth != null || overrides.growthPerMonth != null) {
    next.demand = {
      ...next.demand,
      tasksPerMonth: overrides.tasksPerMonth ?? next.demand?.tasksPerMonth ?? 0,
      growthPerMonth: overrides.growthPerMonth ?? next.demand?.growthPerMonth ?? 0,
    };
  }
  (overrides.inputs ?? []).forEach((o, n) => {
    const v = o.value;
    // The same Estimate a saved input would become (initiative-model.ts#estimateOf), PERT included,
    // so a what-if equals the scorecard after saving it.
    const estimate = estimateOf(v.low ?? null, v.likely, v.high ?? null, v.distribution);
    if (o.key === SERVING_INPUT_KEYS.tasksPerMonth && next.demand) {
      next.demand.tasksPerMonth = estimate;
      return;
    }
    if (o.key === SERVING_INPUT_KEYS.tokensPerSecondPerDevice && next.serving?.kind === 'devices') {
      next.serving.tokensPerSecondPerDevice = estimate;
      return;
    }
    const m = KEY.exec(o.key);
    const list = m
      ? (next[m[1] as 'costItems' | 'valueStreams'] as unknown as Record<string, unknown>[])
      : [];
    const target = m ? list.find((x) => x.id === m[2]) : undefined;
    if (!m || !target) {
      throw badInput(
        `whatIf.overrides.inputs.${n}.key`,
        `unknown input "${o.key}"; use a key from roiScorecard.tornado.bars or monteCarlo.rangedInputs`,
      );
    }
    const [field, sub] = m[3]!.split('.');
    if (sub) (target[field!] as Record<string, unknown>)[sub] = estimate;
    else target[field === 'haircut' ? 'haircutFraction' : field!] = estimate;
  });
  return next;
}
