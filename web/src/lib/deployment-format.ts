/**
 * Display helpers of the serving cost and the deployment recommendation: cost per million output
 * tokens (at full utilisation and realised at the plan's utilisation), the load of an operating point,
 * and who chose the option. Pure, unit-tested in web/test/deployment-format.test.ts.
 */
import type { ServingChoice } from '@yardstick/schema/generated/web';
import { MISSING } from './format';

/** $/Mtok with cents, more digits below 10 cents: formatPerMtok(0.4085) -> "$0.409 / Mtok". */
export function formatPerMtok(value: number | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const digits = Math.abs(value) < 1 ? 3 : 2;
  const money = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${money} / Mtok`;
}

/**
 * Both cost-per-token figures side by side, so the full-utilisation one is never read alone:
 * perMtokPair(0.41, 136.4, 0.003) -> "$0.410 / Mtok at full utilisation · $136.40 / Mtok realised at 0.3 % utilisation".
 */
export function perMtokPair(
  full: number | null | undefined,
  realised: number | null | undefined,
  utilisation: number | null | undefined,
  currency = 'USD',
): string {
  const at =
    utilisation === null || utilisation === undefined
      ? ''
      : ` at ${(utilisation * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })} % utilisation`;
  return `${formatPerMtok(full, currency)} at full utilisation · ${formatPerMtok(realised, currency)} realised${at}`;
}

/** An hourly price with cents: formatPerHour(2.49) -> "$2.49 / h"; formatPerHour(12_000) -> "$12,000.00 / h". */
export function formatPerHour(value: number | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const money = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);
  return `${money} / h`;
}

/** The load a run ran at: { concurrency: 64 } -> "concurrency 64", { ratePerS: 5 } -> "5 req/s"; else null. */
export function loadOf(run: { concurrency?: number | null; ratePerS?: number | null }): string | null {
  if (run.concurrency !== null && run.concurrency !== undefined) return `concurrency ${run.concurrency}`;
  if (run.ratePerS !== null && run.ratePerS !== undefined) return `${run.ratePerS} req/s`;
  return null;
}

/** Who chose the serving option, in words. */
export function choiceText(choice: ServingChoice | null | undefined): string {
  if (choice === 'ANALYST') return 'chosen by an analyst';
  if (choice === 'RECOMMENDATION') return 'the recommendation’s rank 1 (no option chosen)';
  return 'none';
}

/** A date as YYYY-MM-DD (UTC), for price effective dates. */
export function isoDay(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : MISSING;
}
