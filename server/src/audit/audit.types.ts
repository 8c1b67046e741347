import { IsOptional, Length } from 'class-validator';
import { JSONResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { PageInfo } from '../runs/run.types';

@ObjectType({
  description: 'One mutation attempt (done, failed or refused): who, when, what, before/after.',
})
export class AuditRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'ADMIN | AGENT | ANALYST | VIEWER, or SYSTEM for the admin CLI.' })
  actorRole!: string;

  @Field(() => String)
  actorName!: string;

  @Field(() => ID, { nullable: true })
  actorTokenId!: string | null;

  @Field(() => ID, { nullable: true })
  actorAgentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Client IP address as the server saw it.' })
  clientAddress!: string | null;

  @Field(() => String, { description: 'The mutation, e.g. finishRun; or cli:create-token.' })
  operation!: string;

  @Field(() => String, { nullable: true })
  entityType!: string | null;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;

  @Field(() => String, {
    description: 'OK; DENIED when authorisation refused it; else the error code of a failed attempt.',
  })
  outcome!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The initiative the entity is or belongs to (cost items, value streams, ... of it).',
  })
  initiativeId!: string | null;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;

  @Field(() => JSONResolver, { description: 'Arguments; secrets redacted, long arrays summarised.' })
  args!: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'The entity before the change, when known.' })
  before!: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'The mutation result (secrets redacted).' })
  after!: unknown;
}

@ObjectType()
export class AuditRecordEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AuditRecord)
  node!: AuditRecord;
}

@ObjectType()
export class AuditRecordConnection {
  @Field(() => [AuditRecordEdge])
  edges!: AuditRecordEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

const short = { message: 'must be 1-200 characters' };

@InputType({ description: 'All conditions optional, combined with AND.' })
export class AuditLogFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200, short)
  operation?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200, short)
  entityType?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 200, short)
  entityId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200, short)
  actorName?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 200, short)
  actorTokenId?: string | null;

  @Field(() => String, { nullable: true, description: 'OK, DENIED or an error code.' })
  @IsOptional()
  @Length(1, 200, short)
  outcome?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Changes to this initiative and to everything in it (with entityType: of that kind only).',
  })
  @IsOptional()
  @Length(1, 200, short)
  initiativeId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Inclusive.' })
  @IsOptional()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive.' })
  @IsOptional()
  until?: Date | null;
}
