// The complete multi-year case used by scorecard-case.test.ts and the benchmark. The same cash flows
// were written out by hand in fixtures/case.make-fods.py and evaluated by LibreOffice Calc 7.4.7.2.
import type { Initiative } from '../../src/finance/model.js';

export function supportAssistantCase(): Initiative {
  return {
    id: 'support-assistant',
    name: 'Support assistant',
    phase: 'production',
    horizonMonths: 36,
    discountRatePerYear: 0.1,
    currency: 'USD',
    demand: { tasksPerMonth: 2000 },
    // The production lines this case has no cost for, with the reason (the phase guard asks for one).
    notApplicable: {
      serving: 'the servers are bought outright (the servers item); no per-token serving cost',
      'data-engineering': 'answers come from the existing help-centre index, kept by its own team',
      'security-compliance': 'runs inside the already certified support platform',
    },
    costItems: [
      {
        id: 'servers',
        category: 'infrastructure',
        phase: 'production',
        recurrence: 'one-time',
        amount: 120_000,
      },
      { id: 'llmops', category: 'personnel', phase: 'production', recurrence: 'monthly', amount: 8_000 },
      { id: 'licence', category: 'software', phase: 'production', recurrence: 'annual', amount: 12_000 },
      {
        id: 'training',
        category: 'change-management',
        phase: 'production',
        recurrence: 'one-time',
        startMonth: 2,
        amount: 30_000,
        riskUpliftFraction: 0.1,
      },
    ],
    valueStreams: [
      {
        id: 'fewer-escalations',
        kind: 'cost-avoidance',
        phase: 'production',
        startMonth: 3,
        amountPerMonth: 15_000,
      },
      {
        id: 'agent-time',
        kind: 'productivity',
        phase: 'production',
        startMonth: 6,
        timeSavedHoursPerTask: 0.25,
        tasksPerMonth: 2000,
        loadedRatePerHour: 60,
        recaptureFraction: 0.5,
        haircutFraction: 0.2,
      },
    ],
  };
}
