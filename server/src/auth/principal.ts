import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** What a token may do. */
export enum Role {
  ADMIN = 'ADMIN',
  AGENT = 'AGENT',
  /** Finance: edits cost assumptions (hardware prices, initiatives); reads everything. */
  ANALYST = 'ANALYST',
  VIEWER = 'VIEWER',
}
registerEnumType(Role, { name: 'Role' });

/** Who is calling: from a bearer token, or the anonymous local viewer when reads are open. */
@ObjectType({ description: 'The caller, as identified by its bearer token.' })
export class Principal {
  @Field(() => Role)
  role!: Role;

  @Field(() => ID, { nullable: true })
  agentId!: string | null;

  @Field(() => String)
  name!: string;

  /** The api_tokens row behind this principal; null for the anonymous local viewer. */
  tokenId!: string | null;
}

/** The principal used for token-less reads on a server bound to 127.0.0.1. */
export function anonymousLocalViewer(): Principal {
  return Object.assign(new Principal(), {
    role: Role.VIEWER,
    agentId: null,
    name: 'anonymous (local open reads)',
    tokenId: null,
  });
}
