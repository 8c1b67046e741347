import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from './principal';

@ObjectType({ description: 'A bearer token as stored: never its plain text or hash.' })
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'The agent an AGENT token writes for.' })
  agentId!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null: never expires.' })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;
}

@InputType()
export class CreateTokenInput {
  @Field(() => Role)
  role!: Role;

  @Field(() => String, { description: 'Label, e.g. "finance team laptop".' })
  @Length(1, 100, { message: 'must be 1-100 characters' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Required for role AGENT: the agent it writes for.' })
  @IsOptional()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  agentId?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Lifetime in days (0.01-36500); default: the server default (90 days).',
  })
  @IsOptional()
  @Min(0.01, { message: 'must be at least 0.01 days' })
  @Max(36_500, { message: 'must be at most 36500 days' })
  expiresInDays?: number | null;
}

@ObjectType()
export class CreateTokenPayload {
  @Field(() => ApiToken)
  apiToken!: ApiToken;

  @Field(() => String, { description: 'The bearer token. Shown once; only its SHA-256 hash is stored.' })
  token!: string;
}
