// What the introspection-based modes share: the request parameters, reading `active: false`, and the
// verification every phantom JWT gets.
import { TokenError } from '../../shared/errors';
import { invalidResponse } from '../as-client/http';
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

/**
 * A phantom JWT the AS just sent, verified: one that does not verify against the AS's own configuration
 * (a key its JWKS does not list, another `iss`, an algorithm outside allowedAlgorithms, a malformed JWS)
 * is the AS's (or the gateway's configuration's) fault, not the caller's: ERR_AS_RESPONSE_INVALID (503,
 * asErrorKind invalid_response). What still says something about the caller's token stays its 401.
 */
export async function verifyAnsweredJwt(context: ExchangeContext, url: string, jwt: string): Promise<VerifiedIdentity> {
  try {
    return await verifyPhantomJwt(context, jwt);
  } catch (error) {
    throw asAnswerFault(url, error);
  }
}

/** A verification failure of a JWT fresh from the AS, as the AS's fault when it is one (see above). */
export function asAnswerFault(url: string, error: unknown): unknown {
  if (!(error instanceof TokenError)) return error;
  const claim = error.detail.claim;
  const asFault =
    error.code === 'ERR_TOKEN_MALFORMED' ||
    error.code === 'ERR_JWT_SIGNATURE' ||
    error.code === 'ERR_JWT_ALGORITHM' ||
    // A response of another `typ` says the AS did not answer this question: the caller's 401.
    (error.code === 'ERR_JWT_INVALID' && error.detail.header !== 'typ') ||
    (error.code === 'ERR_JWT_CLAIM' && claim === 'iss');
  if (!asFault) return error;
  return invalidResponse(url, `the JWT does not verify against the AS configuration (${error.code}${claim ? ` ${String(claim)}` : ''})`, {
    jwtCode: error.code,
    ...(claim ? { claim } : {}),
  });
}

/**
 * Verification of a phantom JWT, its failures as TokenError (the caller's 401): also what a tier-2 entry
 * gets (a failure there is a rejected entry, a miss).
 */
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
