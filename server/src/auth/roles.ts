import { Role } from './principal';

// Who may do what, in one place. Resolvers use these lists in @Authorized(...); the role ×
// operation matrix in server/test/roles.test.ts checks every operation of the built schema.
//
// | role    | reads | writes                                                        |
// | ------- | ----- | ------------------------------------------------------------- |
// | ADMIN   | all   | agents, tokens, catalogue, cost assumptions                   |
// | AGENT   | runs  | its own runs only (startRun, appendSamples, finishRun)        |
// | ANALYST | all   | cost assumptions: hardware prices, initiatives; audit log     |
// | VIEWER  | all   | nothing (the anonymous local viewer is a VIEWER)              |

/** Roles that read the shared data (runs, agents, catalogue, reports). */
export const READER_ROLES = [Role.ADMIN, Role.ANALYST, Role.VIEWER] as const;

/** Roles that edit finance data (prices, cost assumptions, initiatives) and read the audit log. */
export const FINANCE_ROLES = [Role.ADMIN, Role.ANALYST] as const;

/** Every role, for the matrix test and for parsing `--role`. */
export const ALL_ROLES: readonly Role[] = [Role.ADMIN, Role.AGENT, Role.ANALYST, Role.VIEWER];

/** Parses a role name case-insensitively; throws naming the valid ones. */
export function parseRole(text: string): Role {
  const role = ALL_ROLES.find((r) => r === text.toUpperCase());
  if (!role) throw new Error(`unknown role "${text}": use one of ${ALL_ROLES.join(', ')}`);
  return role;
}
