// What the introspection-based modes share: the request parameters, reading `active: false`, and the
// verification every phantom JWT gets.
import { verifyJwt } from '../jwt/verify-jwt';
import { identityFromClaims } from './identity';
import type { ExchangeContext, VerifiedIdentity } from './types';

export function introspectionParams(token: string): Record<string, string> {
  return { token, token_type_hint: 'access_token' };
}

/** True for a JSON body `{"active": false, ...}`. */
export function inactiveJson(body: string): boolean {
  try {
    return (JSON.parse(body) as { active?: unknown }).active === false;
  } catch {
    return false;
  }
}

export async function verifyPhantomJwt(context: ExchangeContext, jwt: string): Promise<VerifiedIdentity> {
  const { config } = context;
  const claims = await verifyJwt(
    jwt,
    await context.keys(),
    {
      issuer: config.issuer,
      algorithms: config.allowedAlgorithms,
      clockToleranceSeconds: config.clockToleranceSeconds,
      audience: config.jwtAudience,
      requireExp: true,
    },
    context.now(),
  );
  return identityFromClaims(jwt, claims);
}
