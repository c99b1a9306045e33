// RFC 9701: a JWT introspection response carries the token's claims under `token_introspection`. The
// outer `aud` names the client that introspected (the gateway), so the API's audience is checked
// against `token_introspection.aud`, the access token's own audience. `active` must be true.
import { TokenError } from '../shared/errors';
import type { JwtClaims } from './claims';

function audienceIncludes(aud: unknown, audience: string): boolean {
  if (typeof aud === 'string') return aud === audience;
  return Array.isArray(aud) && aud.includes(audience);
}

export function checkAudience(claims: Record<string, unknown>, audience: string): void {
  if (!audienceIncludes(claims.aud, audience)) {
    throw new TokenError('ERR_JWT_CLAIM', 'the JWT is not meant for this API', { claim: 'aud', expected: audience });
  }
}

export function introspectedClaims(outer: Record<string, unknown>, issuer: string, audience: string): JwtClaims {
  const inner = outer.token_introspection;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw new TokenError('ERR_JWT_CLAIM', 'the introspection response has no "token_introspection" object', { claim: 'token_introspection' });
  }
  const claims = inner as Record<string, unknown>;
  if (claims.active !== true) throw new TokenError('ERR_TOKEN_INACTIVE', 'the introspected token is not active', { claim: 'active' });
  if (claims.iss !== undefined && claims.iss !== issuer) {
    throw new TokenError('ERR_JWT_CLAIM', 'the introspected token has another issuer', { claim: 'iss', expected: issuer });
  }
  checkAudience(claims, audience);
  return { ...claims, iss: issuer } as JwtClaims;
}
