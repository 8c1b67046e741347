import type { AuthChecker } from 'type-graphql';
import type { AppContext } from '../context';
import { forbidden, unauthenticated } from '../graphql/errors';

/**
 * type-graphql auth checker. `@Authorized()` needs any principal; `@Authorized('ADMIN', ...)`
 * needs one of the roles. Throws UNAUTHENTICATED / FORBIDDEN with a message a person can act on.
 */
export const authChecker: AuthChecker<AppContext> = ({ context, info }, roles) => {
  const principal = context.principal;
  const allowed = roles.length === 0 || (principal !== null && roles.includes(principal.role));
  // The anonymous local viewer is treated as "no token" when it is not enough.
  if (!principal || (!allowed && principal.tokenId === null)) {
    throw unauthenticated(`${info.fieldName} needs a token: send "Authorization: Bearer ys_..."`);
  }
  if (!allowed) {
    throw forbidden(
      `${info.fieldName} needs role ${roles.join(' or ')}; this token has role ${principal.role}`,
    );
  }
  return true;
};
