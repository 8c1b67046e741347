import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../context';
import { Principal, Role } from '../auth/principal';
import { READER_ROLES } from '../auth/roles';
import { Audited } from '../audit/audited';
import { unauthenticated } from '../graphql/errors';
import { Agent, RegisterAgentInput, RegisterAgentPayload } from './agent.types';

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized(...READER_ROLES)
  @Query(() => [Agent])
  agents(@Ctx() ctx: AppContext) {
    return ctx.services.agents.list();
  }

  @Query(() => Principal)
  me(@Ctx() ctx: AppContext): Principal {
    if (!ctx.principal) throw unauthenticated();
    return ctx.principal;
  }

  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'agent' })
  @Mutation(() => RegisterAgentPayload)
  registerAgent(@Arg('input', () => RegisterAgentInput) input: RegisterAgentInput, @Ctx() ctx: AppContext) {
    const ttlMs = input.expiresInDays == null ? undefined : input.expiresInDays * 86_400_000;
    return ctx.services.agents.register(input.name, ttlMs);
  }
}
