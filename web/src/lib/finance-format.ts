/**
 * Display and ranking helpers of the finance pages. Money is in the initiative's (or portfolio's)
 * currency; fractions are shown as percentages. Every formatter renders null/NaN as an em dash.
 */
import type { EvidenceItemFragment } from '@yardstick/schema/generated/web';
import { MISSING } from './format';

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Money, compact past ten thousand so a table column stays readable:
 * formatMoney(3148151.17, 'USD') -> "$3.15M", formatMoney(-45000, 'EUR') -> "-€45.0K",
 * formatMoney(950.4, 'USD') -> "$950".
 */
export function formatMoney(amount: number | null | undefined, currency = 'USD'): string {
  if (!isNumber(amount)) return MISSING;
  const abs = Math.abs(amount);
  const notation = abs >= 10_000 ? 'compact' : 'standard';
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation,
    minimumFractionDigits: notation === 'compact' ? (abs >= 1e9 ? 2 : abs >= 1e6 ? 2 : 1) : 0,
    maximumFractionDigits: notation === 'compact' ? (abs >= 1e6 ? 2 : 1) : 0,
  }).format(amount);
}

/** A fraction as a percentage: formatPercent(3.0879) -> "308.8 %", formatPercent(0.1) -> "10.0 %". */
export function formatPercent(fraction: number | null | undefined, decimals = 1): string {
  if (!isNumber(fraction)) return MISSING;
  return `${(fraction * 100).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })} %`;
}

/** formatMonth(12) -> "month 12"; null (never pays back within the horizon) -> "not within horizon". */
export function formatPaybackMonth(month: number | null | undefined): string {
  if (month === null || month === undefined) return 'not within horizon';
  return `month ${month}`;
}

/** How strongly the value rests on measured time studies. */
export type EvidenceGrade = 'A' | 'B' | 'C' | 'D';

export const EVIDENCE_GRADE_MEANING: Record<EvidenceGrade, string> = {
  A: 'every time study measured, 95 % CI of time saved above zero',
  B: 'some time study measured a saving (95 % CI above zero)',
  C: 'time studies exist but none shows a saving yet (too few timings or CI crosses zero)',
  D: 'no time study behind the value: estimates only',
};

/**
 * Grades the time-study evidence behind a scorecard (see EVIDENCE_GRADE_MEANING):
 * evidenceGrade([]) -> 'D'; one study with ci95LowMinutes 5.2 -> 'A'; one of two -> 'B'.
 */
export function evidenceGrade(evidence: readonly EvidenceItemFragment[]): EvidenceGrade {
  if (evidence.length === 0) return 'D';
  const proven = evidence.filter((e) => e.result !== null && e.result.ci95LowMinutes > 0).length;
  if (proven === evidence.length) return 'A';
  if (proven > 0) return 'B';
  return 'C';
}

/** Debounce: the last call within `waitMs` wins. Returns the wrapped function and a cancel. */
export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  waitMs: number,
): { call: (...args: A) => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    call: (...args: A) => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fn(...args);
      }, waitMs);
    },
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
