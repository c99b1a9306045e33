// RFC 9701: a JWT introspection response carries the token's claims under `token_introspection`. The
// outer `aud` names the client that introspected (the gateway), so the API's audience is checked, by
// jwt-validator.ts with the shared claims check, against `token_introspection.aud`, the access token's
// own audience. Here: the inner object must be there, `active` must be true, and an inner `iss` must be
// the AS's.
import { TokenError } from '../shared/errors';
import type { JwtClaims } from './claims';

export function introspectedClaims(outer: Record<string, unknown>, issuer: string): JwtClaims {
  const inner = outer.token_introspection;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw new TokenError('ERR_JWT_CLAIM', 'the introspection response has no "token_introspection" object', { claim: 'token_introspection', reason: 'missing' });
  }
  const claims = inner as Record<string, unknown>;
  if (claims.active !== true) throw new TokenError('ERR_TOKEN_INACTIVE', 'the introspected token is not active', { claim: 'active' });
  if (claims.iss !== undefined && claims.iss !== issuer) {
    throw new TokenError('ERR_JWT_CLAIM', 'the introspected token has another issuer', { claim: 'iss', reason: 'check_failed', expected: issuer });
  }
  return { ...claims, iss: issuer } as JwtClaims;
}
