import { IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';

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

  @Field(() => Date, { nullable: true, description: 'When the token stops working (null: never).' })
  expiresAt!: Date | null;
}

@InputType()
export class RegisterAgentInput {
  @Field(() => String)
  @IsString()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  name!: string;

  @Field(() => Float, {
    nullable: true,
    description: "Token lifetime in days (0.01-36500); default: the server's (90 days).",
  })
  @IsOptional()
  @Min(0.01, { message: 'must be at least 0.01 days' })
  @Max(36_500, { message: 'must be at most 36500 days' })
  expiresInDays?: number | null;
}
