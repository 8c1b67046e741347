/**
 * One request's measurements: the contract's SampleInput, defined once with every column's unit and
 * rule in `@yardstick/schema/samples` (times are ms on the monotonic clock, relative to run start).
 * The contract accepts any error name [a-z0-9_]; the agent itself only ever writes ERROR_KINDS.
 */
import type { ErrorKind, SampleInput as ContractSample } from '@yardstick/schema/samples';

export { ERROR_KINDS, type ErrorKind } from '@yardstick/schema/samples';

export type SampleInput = Omit<ContractSample, 'errorKind'> & { errorKind: ErrorKind | null };
