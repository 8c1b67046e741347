import { IsString, Length } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A bench-agent installation that may upload runs.' })
export class Agent {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastSeenAt!: Date | null;
}

@ObjectType()
export class RegisterAgentPayload {
  @Field(() => Agent)
  agent!: Agent;

  @Field(() => String, {
    description: 'The bearer token for this agent. Shown once; only its SHA-256 hash is stored.',
  })
  token!: string;
}

@InputType()
export class RegisterAgentInput {
  @Field(() => String)
  @IsString()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  name!: string;
}
