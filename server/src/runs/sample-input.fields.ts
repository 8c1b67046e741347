import { ValidateBy, type ValidationArguments } from 'class-validator';
import { Field, Float, Int } from 'type-graphql';
import {
  SAMPLE_COLUMNS,
  sampleValueCheck,
  sampleValueFailure,
  type SampleColumnDef,
  type SampleColumnName,
  type SampleColumns,
} from '@yardstick/schema/samples';
import { TokenCountSource } from './run.types';

/** One sample as the GraphQL SampleInput carries it: every column, nullable ones optional. */
export type SampleRow = { [K in keyof SampleColumns]: SampleColumns[K][number] };

/** Columns whose `oneOf` values are a GraphQL enum rather than a String. */
const ENUMS: Partial<Record<SampleColumnName, object>> = { tokenSource: TokenCountSource };

/** The GraphQL type of one column. */
function graphqlType(def: SampleColumnDef): () => unknown {
  const enumType = ENUMS[def.name as SampleColumnName];
  if (enumType) return () => enumType;
  switch (def.sqlType) {
    case 'INTEGER':
      return () => Int;
    case 'DOUBLE':
      return () => Float;
    case 'BOOLEAN':
      return () => Boolean;
    case 'VARCHAR':
      return () => String;
    case 'DOUBLE[]':
      return () => [Float];
  }
}

/** A class-validator check of the column's rule, worded as the bulk paths word it. */
function ruleCheck(def: SampleColumnDef): PropertyDecorator {
  const check = sampleValueCheck(def);
  return ValidateBy({
    name: `sample_${def.name}`,
    validator: {
      validate: (value: unknown) => (value === null || value === undefined ? def.nullable : check(value)),
      defaultMessage: (args?: ValidationArguments) => {
        const { at, problem } = sampleValueFailure(def, args?.value);
        return at === undefined ? problem : `item ${at} ${problem}`;
      },
    },
  });
}

/**
 * Declares every SAMPLE_COLUMNS field on `target` (type-graphql's @Field with the column's type,
 * nullability and description, plus its rule as a class-validator check), in table order.
 */
export function defineSampleInputFields(target: { prototype: object }): void {
  for (const def of SAMPLE_COLUMNS) {
    Field(graphqlType(def) as () => typeof Float, { nullable: def.nullable, description: def.description })(
      target.prototype,
      def.name,
    );
    ruleCheck(def)(target.prototype, def.name);
  }
}
