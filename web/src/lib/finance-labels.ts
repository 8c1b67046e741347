/**
 * Human labels and units of the finance engine's inputs, so pages never show internal names
 * (`recaptureFraction`) or unitless numbers (`loadedRatePerHour 44`). Pure, unit-tested in
 * web/test/finance-labels.test.ts. Fractions are stored 0 … 1 and shown (and typed) as percentages.
 */
import { MISSING } from './format';
import { formatMoney, formatPercent } from './finance-format';

/** How a value is shown: money (per unit), a percentage of a stored fraction, or a plain quantity. */
export type InputUnit =
  { kind: 'money'; per?: string } | { kind: 'percent' } | { kind: 'quantity'; unit: string };

export interface InputLabel {
  label: string;
  unit: InputUnit;
}

/** Value stream parameters and the other engine inputs (tornado / Monte Carlo keys), by name. */
export const INPUT_LABELS: Record<string, InputLabel> = {
  timeSavedHoursPerTask: { label: 'Time saved per task', unit: { kind: 'quantity', unit: 'h' } },
  tasksPerMonth: { label: 'Tasks per month', unit: { kind: 'quantity', unit: 'tasks / month' } },
  loadedRatePerHour: { label: 'Loaded labour cost', unit: { kind: 'money', per: 'hour' } },
  recaptureFraction: { label: 'Share of saved time put to valuable work', unit: { kind: 'percent' } },
  defectsAvoidedPerMonth: { label: 'Defects avoided', unit: { kind: 'quantity', unit: 'per month' } },
  costPerDefect: { label: 'Cost per defect', unit: { kind: 'money', per: 'defect' } },
  conversionUpliftFraction: { label: 'Conversion uplift', unit: { kind: 'percent' } },
  volumePerMonth: { label: 'Volume', unit: { kind: 'quantity', unit: 'per month' } },
  marginPerConversion: { label: 'Margin per conversion', unit: { kind: 'money', per: 'conversion' } },
  amountPerMonth: { label: 'Amount avoided', unit: { kind: 'money', per: 'month' } },
  annualProbabilityReduction: {
    label: 'Reduction in yearly incident probability',
    unit: { kind: 'percent' },
  },
  lossPerIncident: { label: 'Loss per incident', unit: { kind: 'money', per: 'incident' } },
  haircutFraction: { label: 'Risk haircut', unit: { kind: 'percent' } },
  haircut: { label: 'Risk haircut', unit: { kind: 'percent' } },
  'adoption.maxFraction': { label: 'Adoption ceiling', unit: { kind: 'percent' } },
  amount: { label: 'Amount', unit: { kind: 'money' } },
  'demand.tasksPerMonth': { label: 'Demand', unit: { kind: 'quantity', unit: 'tasks / month' } },
  'serving.tokensPerSecondPerDevice': {
    label: 'Throughput per device at the SLO',
    unit: { kind: 'quantity', unit: 'output tokens/s' },
  },
};

/** The label of an input name: inputName('recaptureFraction') -> 'Share of saved time put to valuable work'. */
export function inputName(name: string): string {
  return INPUT_LABELS[name]?.label ?? name;
}

/**
 * One value in its unit: formatInputValue('loadedRatePerHour', 44, 'USD') -> '$44 / hour',
 * formatInputValue('recaptureFraction', 0.5) -> '50.0 %', formatInputValue('tasksPerMonth', 42000)
 * -> '42,000 tasks / month'.
 */
export function formatInputValue(name: string, value: number | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const unit = INPUT_LABELS[name]?.unit ?? { kind: 'quantity', unit: '' };
  if (unit.kind === 'percent') return formatPercent(value);
  if (unit.kind === 'money') return `${formatMoney(value, currency)}${unit.per ? ` / ${unit.per}` : ''}`;
  const n = value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 3 : 0 });
  return unit.unit ? `${n} ${unit.unit}` : n;
}

/**
 * The readable form of a tornado / what-if key, with names from the initiative:
 * inputKeyLabel('valueStreams[abc].recaptureFraction', names) -> 'Time saved · Share of saved time …'.
 */
export function inputKeyLabel(key: string, names: ReadonlyMap<string, string>): string {
  if (INPUT_LABELS[key]) return INPUT_LABELS[key].label;
  const match = /^(costItems|valueStreams)\[([^\]]+)\]\.(.+)$/.exec(key);
  if (!match) return key;
  const [, , id, field] = match;
  return `${names.get(id!) ?? id!} · ${inputName(field!)}`;
}

/** A percentage typed by a person, checked: parsePercent('180') -> error; parsePercent('80') -> 0.8. */
export function parsePercent(
  typed: number | string | null | undefined,
  field: string,
): { fraction: number } | { error: string } {
  const n = typeof typed === 'number' ? typed : Number(String(typed ?? '').trim());
  if (typed === '' || typed === null || typed === undefined || !Number.isFinite(n)) {
    return { error: `${field}: type a percentage between 0 and 100.` };
  }
  if (n < 0 || n > 100) return { error: `${field} must be between 0 and 100 % (you typed ${n}).` };
  return { fraction: n / 100 };
}
