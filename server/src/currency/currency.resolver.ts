import { Arg, Authorized, Ctx, Float, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../context';
import { Role } from '../auth/principal';
import { Audited } from '../audit/audited';
import { ConvertedAmount, CurrencyRate, SetCurrencyRateInput } from './currency.types';

// Thin: every field delegates to CurrencyService.
@Resolver(() => CurrencyRate)
export class CurrencyResolver {
  @Authorized()
  @Query(() => [CurrencyRate], {
    description: 'Rate versions; with asOf, only the one effective per currency at that instant.',
  })
  currencyRates(@Ctx() ctx: AppContext, @Arg('asOf', () => Date, { nullable: true }) asOf?: Date) {
    return ctx.services.currency.rates(asOf);
  }

  @Authorized()
  @Query(() => ConvertedAmount, {
    description: 'Converts an amount with the rates effective at asOf (default now).',
  })
  convertCurrency(
    @Ctx() ctx: AppContext,
    @Arg('amount', () => Float) amount: number,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: Date,
  ) {
    return ctx.services.currency.convert(amount, from, to, asOf ?? new Date());
  }

  @Authorized(Role.ADMIN, Role.ANALYST)
  @Audited({ entityType: 'currency_rate' })
  @Mutation(() => CurrencyRate, { description: 'Records a dated rate version (ADMIN or ANALYST).' })
  setCurrencyRate(
    @Arg('input', () => SetCurrencyRateInput) input: SetCurrencyRateInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.currency.setRate(input);
  }
}
