// Turns verified claims into the identity the authorizer forwards and caches.
import type { JWTPayload } from 'jose';
import { grantedScopes } from '../../shared/scope-rules';
import { TokenError } from '../../shared/errors';
import type { VerifiedIdentity } from './types';

export function identityFromClaims(jwt: string, claims: JWTPayload & Record<string, unknown>): VerifiedIdentity {
  if (typeof claims.exp !== 'number') throw new TokenError('ERR_JWT_CLAIM', 'the token has no expiry', { claim: 'exp' });
  return {
    jwt,
    sub: typeof claims.sub === 'string' ? claims.sub : undefined,
    clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined,
    scope: grantedScopes(claims as { scope?: unknown; scp?: unknown }).join(' '),
    expiresAtMs: claims.exp * 1000,
  };
}

/**
 * `Cache-Control: max-age=N` in seconds, undefined when absent. `no-store` is not a limit here: ASes send
 * it on every token-bearing answer (RFC 6749 §5.1) to keep HTTP intermediaries from storing the body; it
 * says nothing about how long the introspection result stays true.
 */
export function maxAgeSeconds(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase().split(',').map((part) => part.trim());
  for (const directive of directives) {
    const match = /^max-age=(\d+)$/.exec(directive);
    if (match) return Number(match[1]);
  }
  return undefined;
}
