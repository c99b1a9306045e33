// Mode `rfc9701`: JWT Response for OAuth Token Introspection. The signed response (typ
// token-introspection+jwt, iss = the AS, aud = this client) is verified, its `token_introspection` claim
// read, and the response itself forwarded as the phantom JWT.
import { TokenError } from '../../shared/errors';
import { verifyJwt, looksLikeJwt } from '../jwt/verify-jwt';
import { invalidResponse } from '../as-client/http';
import { callAs, isIntrospectionTokenRejection } from './call-as';
import { cacheLifetimeSeconds } from './cache-control';
import { identityFromClaims } from './identity';
import { introspectionParams } from './introspection';
import type { ExchangeContext, ExchangeToken } from './types';

export const TOKEN_INTROSPECTION_JWT = 'token-introspection+jwt';
const MEDIA_TYPE = `application/${TOKEN_INTROSPECTION_JWT}`;

export function rfc9701Exchange(context: ExchangeContext): ExchangeToken {
  const { config } = context;
  return async (token) => {
    const { introspectionEndpoint: url } = await context.endpoints();
    const response = await callAs(context, url!, introspectionParams(token), MEDIA_TYPE);
    const asLatencyMs = response.latencyMs;
    if (response.status === 204 || isIntrospectionTokenRejection(response)) return { active: false, asLatencyMs };
    if (response.status !== 200) throw invalidResponse(url!, `status ${response.status}`, { status: response.status });
    if (response.contentType !== MEDIA_TYPE) throw invalidResponse(url!, `content type "${response.contentType}", expected ${MEDIA_TYPE}`);
    const jwt = response.body.trim();
    if (!looksLikeJwt(jwt)) throw invalidResponse(url!, 'the body is not a JWT');
    const claims = await verifyJwt(
      jwt,
      await context.keys(),
      {
        issuer: config.issuer,
        audience: config.clientId,
        typ: TOKEN_INTROSPECTION_JWT,
        algorithms: config.allowedAlgorithms,
        clockToleranceSeconds: config.clockToleranceSeconds,
        requireExp: false,
      },
      context.now(),
    );
    const introspection = claims.token_introspection as Record<string, unknown> | undefined;
    if (!introspection || typeof introspection !== 'object') throw invalidResponse(url!, 'no "token_introspection" claim');
    if (introspection.active !== true) return { active: false, asLatencyMs };
    if (config.jwtAudience && !audienceIncludes(introspection.aud, config.jwtAudience)) {
      throw new TokenError('ERR_JWT_CLAIM', 'the token is not for this audience', { claim: 'aud' });
    }
    // The response is the JWT that is forwarded: a service refuses it once it has expired, however long
    // the token it describes lives, so the entry lives until the earlier of the two.
    const introspected = identityFromClaims(jwt, introspection);
    const identity = typeof claims.exp === 'number' && claims.exp * 1000 < introspected.expiresAtMs ? { ...introspected, expiresAtMs: claims.exp * 1000 } : introspected;
    if (identity.expiresAtMs <= context.now()) return { active: false, asLatencyMs };
    return { active: true, identity, maxAgeSeconds: cacheLifetimeSeconds(response.cacheControl, context.config.honorNoStore), asLatencyMs };
  };
}

function audienceIncludes(aud: unknown, expected: string): boolean {
  return aud === expected || (Array.isArray(aud) && aud.includes(expected));
}
