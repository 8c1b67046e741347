import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { FinancePhase } from './finance.enums';
import { CostItem } from './finance.types';

// GraphQL types of importFocusCsv (server/src/finance-api/focus.service.ts).

@InputType({
  description:
    'Sends the bill rows whose tag (a key of the FOCUS Tags JSON) or column equals `equals` to an ' +
    'initiative. Give `tag` or `column`, not both. Rules are tried in order; the first match wins.',
})
export class FocusMappingRuleInput {
  @Field(() => String, { nullable: true, description: 'A key of the Tags JSON object, e.g. "application".' })
  tag?: string | null;
  @Field(() => String, { nullable: true, description: 'A FOCUS column, e.g. "SubAccountName".' })
  column?: string | null;
  @Field(() => String, { description: 'The value the tag or column must equal (exact, case-sensitive).' })
  equals!: string;
  @Field(() => ID, { description: 'The initiative that matching rows are charged to.' })
  initiativeId!: string;
}

@InputType({ description: 'A FOCUS bill (CSV) to import as cost items.' })
export class ImportFocusCsvInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Initiative of the rows no rule and no "yardstick/initiativeId" tag maps; without it such rows are skipped.',
  })
  initiativeId?: string | null;
  @Field(() => String, { description: 'FOCUS 1.0 … 1.3 Cost and Usage CSV text, header first.' })
  csv!: string;
  @Field(() => [FocusMappingRuleInput], {
    nullable: true,
    description: 'Mapping rules from tags or columns to initiatives, tried in order.',
  })
  rules?: FocusMappingRuleInput[] | null;
  @Field(() => FinancePhase, {
    nullable: true,
    description: "Phase of rows without x_Phase; default: each initiative's own phase.",
  })
  defaultPhase?: FinancePhase | null;
}

@ObjectType({ description: 'A bill row that was not imported.' })
export class FocusSkippedRow {
  @Field(() => Int, { description: 'Line of the CSV file on which the row starts (the header is line 1).' })
  line!: number;
  @Field(() => String, { description: "The FOCUS column at fault; '' when the whole row is." })
  column!: string;
  @Field(() => String, { description: 'Why, and what would be accepted.' })
  reason!: string;
}

@ObjectType({ description: 'Imported rows of one billing currency.' })
export class FocusReconciliation {
  @Field(() => String, { description: 'ISO 4217 BillingCurrency.' }) currency!: string;
  @Field(() => Float, { description: 'Σ BilledCost (invoice basis) of the imported rows.' })
  billedCost!: number;
  @Field(() => Float, { description: 'Σ EffectiveCost (amortised; the cost items) of the imported rows.' })
  effectiveCost!: number;
  @Field(() => Int, { description: 'Imported rows.' }) rows!: number;
}

@ObjectType({
  description:
    'What a FOCUS import did, row by row: rows imported, rows already imported before (not added ' +
    'again), rows skipped with their line, column and reason.',
})
export class FocusImportPayload {
  @Field(() => Int, { description: 'Data rows in the file.' }) rows!: number;
  @Field(() => Int, { description: 'Rows added to cost items now.' }) importedRows!: number;
  @Field(() => Int, {
    description: 'Rows an earlier import already added (a re-imported bill adds nothing).',
  })
  alreadyImportedRows!: number;
  @Field(() => Int, { description: 'Rows not imported because of a problem (see skipped).' })
  skippedRows!: number;
  @Field(() => [FocusSkippedRow], {
    description: 'Rows not imported (problems and already-imported rows), in line order; the first 1,000.',
  })
  skipped!: FocusSkippedRow[];
  @Field(() => [CostItem], { description: 'FOCUS cost items created or added to by this import.' })
  costItems!: unknown[];
  @Field(() => [FocusReconciliation], { description: 'Imported rows per billing currency.' })
  reconciliation!: FocusReconciliation[];
}
