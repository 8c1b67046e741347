import { parseRunConfig, type RunConfig } from '@yardstick/schema/run-config';
import { parseRunSummary, type RunSummary } from '@yardstick/schema/run-summary';
import { badInput } from '../graphql/errors';

/** Most problems one refusal lists (the rest are counted). */
const MAX_LISTED = 5;

/** Throws BAD_USER_INPUT naming the first failing field, listing up to five problems. */
function refuse(issues: readonly string[]): never {
  const first = issues[0]!;
  const at = first.indexOf(': ');
  const more = issues.length > MAX_LISTED ? [`and ${issues.length - MAX_LISTED} more`] : [];
  const rest = [first.slice(at + 2), ...issues.slice(1, MAX_LISTED), ...more];
  throw badInput(first.slice(0, at), rest.join('; '));
}

/**
 * A startRun config, checked against the contract (schema/src/run-config.ts: what the agent writes,
 * measured or imported). Returns it with defaults applied; an unknown shape is refused with the path
 * of its first failing field, e.g. `startRun.input.config.load.ratePerS: expected a rate > 0 requests/s`.
 */
export function checkedRunConfig(value: unknown): RunConfig {
  const result = parseRunConfig(value, 'startRun.input.config');
  if (!result.ok) refuse(result.issues);
  return result.config;
}

/** A finishRun summary, checked against the contract (schema/src/run-summary.ts); null stays null. */
export function checkedRunSummary(value: unknown): RunSummary | null {
  if (value === null || value === undefined) return null;
  const result = parseRunSummary(value, 'finishRun.input.summary');
  if (!result.ok) refuse(result.issues);
  return result.summary;
}
