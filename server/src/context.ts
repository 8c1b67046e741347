import type { Principal } from './auth/principal';
import type { TokenService } from './auth/token.service';
import type { AgentService } from './agents/agent.service';
import type { RunService } from './runs/run.service';

/** Services shared by all requests of one server. */
export interface Services {
  tokens: TokenService;
  agents: AgentService;
  runs: RunService;
}

/** The GraphQL context of one request. */
export interface AppContext {
  /** Null when no token was sent and reads are not open. */
  principal: Principal | null;
  services: Services;
}
