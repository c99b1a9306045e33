// Turns verified claims into the identity the authorizer forwards and caches.
import type { JWTPayload } from 'jose';
import { grantedScopes } from '../../shared/scope-rules';
import { TokenError } from '../../shared/errors';
import { bindingFromCnf } from '../sender-constraint/token-binding';
import type { VerifiedIdentity } from './types';

export function identityFromClaims(jwt: string, claims: JWTPayload & Record<string, unknown>): VerifiedIdentity {
  if (typeof claims.exp !== 'number') throw new TokenError('ERR_JWT_CLAIM', 'the token has no expiry', { claim: 'exp' });
  return {
    jwt,
    sub: typeof claims.sub === 'string' ? claims.sub : undefined,
    clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined,
    scope: grantedScopes(claims as { scope?: unknown; scp?: unknown }).join(' '),
    expiresAtMs: claims.exp * 1000,
    ...(claims.cnf !== undefined ? { binding: bindingFromCnf(claims.cnf) } : {}),
  };
}
