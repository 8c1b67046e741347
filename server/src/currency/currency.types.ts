import { IsOptional, Matches, Min } from 'class-validator';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';

/** ISO 4217 style code check shared by every currency argument. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;
export const CURRENCY_MESSAGE = {
  message: 'must be a 3-letter upper-case currency code such as "USD" or "EUR"',
};

@ObjectType({ description: 'How many US dollars one unit of a currency buys, from a date on (a version).' })
export class CurrencyRate {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { description: 'e.g. "EUR".' })
  currency!: string;
  @Field(() => Float, { description: 'USD per one unit of `currency`, e.g. 1.08 for EUR.' })
  usdPerUnit!: number;
  @Field(() => Date, {
    description: 'Reports as of this instant or later use this rate (until a newer one).',
  })
  effectiveFrom!: Date;
  @Field(() => Date)
  createdAt!: Date;
}

@InputType()
export class SetCurrencyRateInput {
  @Field(() => String)
  @Matches(CURRENCY_CODE, CURRENCY_MESSAGE)
  currency!: string;

  @Field(() => Float, { description: 'USD per one unit of `currency` (> 0).' })
  @Min(1e-9, { message: 'must be > 0 (US dollars per one unit of the currency)' })
  usdPerUnit!: number;

  @Field(() => Date, { nullable: true, description: 'Defaults to now.' })
  @IsOptional()
  effectiveFrom?: Date | null;
}

@ObjectType({ description: 'An amount converted with the rates effective at `asOf`.' })
export class ConvertedAmount {
  @Field(() => Float)
  amount!: number;
  @Field(() => String)
  currency!: string;
  @Field(() => Date)
  asOf!: Date;
  @Field(() => [ID], { description: 'currency_rates rows used (empty when no conversion was needed).' })
  rateIds!: string[];
}
