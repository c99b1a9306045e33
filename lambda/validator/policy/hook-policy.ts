// The boolean policy hook, adapted into the policy interface with its own rules unchanged: only `true`
// allows; false, anything else or a throw refuses with ERR_POLICY_DENIED (a throw marked `failed`).
import { AccessDeniedError, isPhantomTokenError } from '../../shared/errors';
import type { JwtClaims } from '../claims';
import type { PolicyHook } from '../endpoint-rules';
import type { AuthorizationPolicy } from './policy-decision';

export function hookPolicy<TClaims extends JwtClaims>(hook: PolicyHook<TClaims>): AuthorizationPolicy<TClaims> {
  return {
    name: 'hook',
    engine: 'hook',
    async decide({ claims, jwt, request }) {
      let allowed: unknown;
      try {
        allowed = await hook({ claims, jwt, request });
      } catch (error) {
        if (isPhantomTokenError(error) && error.status === 403) throw error;
        throw new AccessDeniedError('ERR_POLICY_DENIED', 'the policy could not be evaluated, so the request is refused', { failed: true });
      }
      return { allow: allowed === true, reasons: [] };
    },
  };
}
