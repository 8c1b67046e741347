import { validate, type ValidationError } from 'class-validator';
import { getNamedType, type GraphQLField } from './graphql';
import type { ValidatorFn } from 'type-graphql';
import { badInput } from './errors';

function flatten(errors: ValidationError[], prefix: string): { path: string; problem: string }[] {
  return errors.flatMap((error) => {
    const path = `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ path, problem }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The name of the argument whose GraphQL input type is `typeName`, or 'input'. */
function argumentName(field: GraphQLField<unknown, unknown> | undefined, typeName: string): string {
  const arg = field?.args.find((a) => getNamedType(a.type).name === typeName);
  return arg?.name ?? 'input';
}

/**
 * class-validator for every object argument, with errors that name the field:
 * `startRun.input.quantization: must be 1-32 chars [a-z0-9_-]`. Only the first problem is
 * reported in the message; all are listed in extensions.problems.
 */
export const validateArgument: ValidatorFn = async (argValue, argType, { info }) => {
  if (argValue === null || typeof argValue !== 'object') return;
  const values = Array.isArray(argValue) ? argValue : [argValue];
  const typeName = typeof argType === 'function' ? argType.name : '';
  const field = info.parentType.getFields()[info.fieldName];
  const prefix = `${info.fieldName}.${argumentName(field, typeName)}`;
  for (const value of values) {
    if (value === null || typeof value !== 'object') continue;
    const errors = await validate(value, { forbidUnknownValues: false });
    const problems = flatten(errors, prefix);
    const first = problems[0];
    if (first) {
      const error = badInput(first.path, first.problem);
      error.extensions.problems = problems.map((p) => `${p.path}: ${p.problem}`);
      throw error;
    }
  }
};
