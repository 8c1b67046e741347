import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../context';
import { Principal, Role } from '../auth/principal';
import { unauthenticated } from '../graphql/errors';
import { Agent, RegisterAgentInput, RegisterAgentPayload } from './agent.types';

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized(Role.ADMIN, Role.VIEWER)
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
  @Mutation(() => RegisterAgentPayload)
  registerAgent(@Arg('input', () => RegisterAgentInput) input: RegisterAgentInput, @Ctx() ctx: AppContext) {
    return ctx.services.agents.register(input.name);
  }
}
