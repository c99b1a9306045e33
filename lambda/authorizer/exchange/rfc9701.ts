// Mode `rfc9701`: JWT Response for OAuth Token Introspection. The signed response (typ
// token-introspection+jwt, iss = the AS, aud = this client) is verified, its `token_introspection` claim
// read, and the response itself forwarded as the phantom JWT.
import type { AuthorizerConfig } from '../../shared/config';
import { TokenError } from '../../shared/errors';
import { audienceIncludes } from '../../shared/jwt/audience';
import { INTROSPECTION_TYP } from '../../shared/jwt/typ';
import { verifyJwt } from '../jwt/verify-jwt';
import { invalidResponse } from '../as-client/http';
import { callAs, isIntrospectionTokenRejection } from './call-as';
import { cacheLifetimeSeconds } from './cache-control';
import { identityFromClaims } from './identity';
import { asAnswerFault, introspectionParams } from './introspection';
import type { ExchangeContext, ExchangeToken, VerifiedIdentity, VerifyPhantomJwt } from './types';

const MEDIA_TYPE = `application/${INTROSPECTION_TYP}`;

/** What a verified introspection response says: no claim at all, an inactive token, or an identity. */
export type IntrospectionReading = 'no-claim' | { readonly active: false } | { readonly active: true; readonly identity: VerifiedIdentity };

export function rfc9701Exchange(context: ExchangeContext): ExchangeToken {
  return async (token) => {
    const { introspectionEndpoint: url } = await context.endpoints();
    const response = await callAs(context, url!, introspectionParams(token), MEDIA_TYPE);
    const asLatencyMs = response.latencyMs;
    if (response.status === 204 || isIntrospectionTokenRejection(response)) return { active: false, asLatencyMs };
    if (response.status !== 200) throw invalidResponse(url!, `status ${response.status}`, { status: response.status });
    if (response.contentType !== MEDIA_TYPE) throw invalidResponse(url!, `content type "${response.contentType}", expected ${MEDIA_TYPE}`);
    const jwt = response.body.trim();
    const claims = await verifyIntrospectionResponse(context, jwt).catch((error: unknown) => {
      throw asAnswerFault(url!, error);
    });
    const reading = readIntrospection(context.config, jwt, claims, context.now());
    if (reading === 'no-claim') throw invalidResponse(url!, 'no "token_introspection" claim');
    if (!reading.active) return { active: false, asLatencyMs };
    return { active: true, identity: reading.identity, maxAgeSeconds: cacheLifetimeSeconds(response.cacheControl, context.config.honorNoStore), asLatencyMs };
  };
}

/**
 * Verifies a stored introspection response exactly as an answer from the AS (a tier-2 entry is only a
 * claim until then); an inactive or expired introspected token is ERR_TOKEN_INACTIVE.
 */
export function rfc9701JwtVerifier(context: ExchangeContext): VerifyPhantomJwt {
  return async (jwt) => {
    const reading = readIntrospection(context.config, jwt, await verifyIntrospectionResponse(context, jwt), context.now());
    if (reading === 'no-claim' || !reading.active) throw new TokenError('ERR_TOKEN_INACTIVE', 'the introspection response names no active token');
    return reading.identity;
  };
}

function verifyIntrospectionResponse(context: ExchangeContext, jwt: string): Promise<Record<string, unknown>> {
  const { config } = context;
  return context.keys().then((keys) =>
    verifyJwt(
      jwt,
      keys,
      {
        issuer: config.issuer,
        audience: config.clientId,
        typ: INTROSPECTION_TYP,
        algorithms: config.allowedAlgorithms,
        clockToleranceSeconds: config.clockToleranceSeconds,
        requireExp: false,
      },
      context.now(),
    ),
  );
}

/**
 * The introspected token from verified response claims. Its lifetime is the earlier of the introspected
 * `exp` and the response's own `exp` (when it has one): the response is the JWT that is forwarded, and a
 * service refuses it once it has expired, however long the token it describes lives.
 */
export function readIntrospection(config: AuthorizerConfig, jwt: string, claims: Record<string, unknown>, nowMs: number): IntrospectionReading {
  const introspection = claims.token_introspection as Record<string, unknown> | undefined;
  if (!introspection || typeof introspection !== 'object') return 'no-claim';
  if (introspection.active !== true) return { active: false };
  if (config.jwtAudience && !audienceIncludes(introspection.aud, config.jwtAudience)) {
    throw new TokenError('ERR_JWT_CLAIM', 'the token is not for this audience', { claim: 'aud' });
  }
  const introspected = identityFromClaims(jwt, introspection);
  const identity = typeof claims.exp === 'number' && claims.exp * 1000 < introspected.expiresAtMs ? { ...introspected, expiresAtMs: claims.exp * 1000 } : introspected;
  if (identity.expiresAtMs <= nowMs) return { active: false };
  return { active: true, identity };
}
