import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../context';
import { FINANCE_ROLES } from '../auth/roles';
import { AuditLogFilter, AuditRecord, AuditRecordConnection } from './audit.types';

@Resolver(() => AuditRecord)
export class AuditResolver {
  @Authorized(...FINANCE_ROLES)
  @Query(() => AuditRecordConnection, { description: 'Audit records, newest first (ANALYST, ADMIN).' })
  auditLog(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return ctx.services.audit.list(filter, first ?? 50, after);
  }
}
