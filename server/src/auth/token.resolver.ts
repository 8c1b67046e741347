import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../context';
import { Audited } from '../audit/audited';
import { badInput } from '../graphql/errors';
import { Role } from './principal';
import { ApiToken, CreateTokenInput, CreateTokenPayload } from './token.types';

const DAY_MS = 86_400_000;

@Resolver(() => ApiToken)
export class TokenResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [ApiToken], { description: 'Every token, newest first (ADMIN).' })
  tokens(@Ctx() ctx: AppContext) {
    return ctx.services.tokens.list();
  }

  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'api_token' })
  @Mutation(() => CreateTokenPayload, {
    description: 'Issues a token (ADMIN); the plain text is shown once.',
  })
  async createToken(
    @Arg('input', () => CreateTokenInput) input: CreateTokenInput,
    @Ctx() ctx: AppContext,
  ): Promise<CreateTokenPayload> {
    const agentId = input.agentId ?? null;
    if (input.role === Role.AGENT) {
      if (!agentId) throw badInput('createToken.input.agentId', 'is required for role AGENT');
      const known = (await ctx.services.agents.list()).some((a) => a.id === agentId);
      if (!known) throw badInput('createToken.input.agentId', `no agent ${agentId} (see the agents query)`);
    } else if (agentId) {
      throw badInput('createToken.input.agentId', 'is only allowed for role AGENT');
    }
    const ttlMs = input.expiresInDays == null ? undefined : input.expiresInDays * DAY_MS;
    const issued = await ctx.services.tokens.issue(input.role, input.name, { agentId, ttlMs });
    const apiToken = await ctx.services.tokens.find(issued.id);
    return { apiToken: apiToken as ApiToken, token: issued.token };
  }

  @Authorized(Role.ADMIN)
  @Audited({
    entityType: 'api_token',
    entityId: (args) => String(args.id),
    before: (ctx, id) => ctx.services.tokens.find(id),
  })
  @Mutation(() => ApiToken, { description: 'Revokes a token at once (ADMIN). Idempotent.' })
  revokeToken(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.tokens.revoke(id);
  }
}
