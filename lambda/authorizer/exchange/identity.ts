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
    ...revocationClaims(claims),
  };
}

/** The claims a revocation can match, when the JWT carries them (never the token itself). */
function revocationClaims(claims: JWTPayload & Record<string, unknown>): Pick<VerifiedIdentity, 'jti' | 'sid' | 'email' | 'issuedAtMs'> {
  return {
    ...(typeof claims.jti === 'string' ? { jti: claims.jti } : {}),
    ...(typeof claims.sid === 'string' ? { sid: claims.sid } : {}),
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    ...(typeof claims.iat === 'number' ? { issuedAtMs: claims.iat * 1000 } : {}),
  };
}
