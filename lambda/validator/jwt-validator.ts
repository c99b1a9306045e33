// The verification core: token in, VerifiedJwt out, or a coded TokenError / UpstreamError. Keys come
// from the configured JWKS only; a verified token is remembered by hash so a warm Lambda re-checks only
// its time claims on the next request.
import { DecisionLogger } from '../shared/decision-log';
import { tokenHash } from '../shared/token-hash';
import { deepFreeze, VerifiedJwt } from './claims';
import type { JwtClaims } from './claims';
import { checkAudience, introspectedClaims } from './introspection-claims';
import { fromJoseError } from './jose-errors';
import { checkTokenLength, normalizeTyp, parseJwt } from './jwt-shape';
import { remoteKeyResolver, staticKeyResolver } from './key-source';
import type { KeyResolver } from './key-source';
import { INTROSPECTION_TYP, resolveValidatorOptions } from './options';
import type { ResolvedValidatorOptions, ValidatorOptions } from './options';
import { verifySignedJwt } from './signed-jwt';
import { checkTimeClaims } from './time-claims';
import { VerifiedTokenCache } from './verified-token-cache';

export interface JwtValidator {
  readonly options: ResolvedValidatorOptions;
  /** Verifies a compact JWT; rejects with a PhantomTokenError (TokenError 401, UpstreamError 503). */
  verify<TClaims extends JwtClaims = JwtClaims>(token: string): Promise<VerifiedJwt<TClaims>>;
}

export function createJwtValidator(options: ValidatorOptions): JwtValidator {
  const resolved = resolveValidatorOptions(options);
  let refetchLogger: DecisionLogger | undefined;
  const keys: KeyResolver = resolved.jwks
    ? staticKeyResolver(resolved.jwks)
    : remoteKeyResolver(resolved.jwksUri!, resolved.jwksTimeoutMs, (refetch) =>
        (refetchLogger ??= new DecisionLogger(resolved.logLevel, resolved.logSink)).event('jwks_refresh', refetch),
      );
  const cache = new VerifiedTokenCache<VerifiedJwt>(resolved.verifiedTokenCacheEntries);
  const { clock, clockToleranceSeconds } = resolved;

  async function verifySignature(token: string, hash: string): Promise<VerifiedJwt> {
    const { header, jws } = parseJwt(token, resolved.allowedAlgorithms, resolved.tokenType);
    const isIntrospection = header.typ !== undefined && normalizeTyp(header.typ) === INTROSPECTION_TYP;
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await verifySignedJwt(jws, keys, {
        algorithms: resolved.allowedAlgorithms,
        issuer: resolved.issuer,
        audience: isIntrospection ? resolved.introspectionAudience : resolved.audience,
        clockToleranceSeconds,
        nowMs: clock(),
      }));
    } catch (error) {
      throw fromJoseError(error);
    }
    let claims: JwtClaims;
    if (isIntrospection) {
      claims = introspectedClaims(payload, resolved.issuer, resolved.audience);
    } else {
      // `aud` was checked already; checking again keeps the rule visible next to the rfc9701 branch.
      checkAudience(payload, resolved.audience);
      claims = payload as JwtClaims;
    }
    checkTimeClaims(claims, Math.floor(clock() / 1000), clockToleranceSeconds);
    return new VerifiedJwt(token, header, deepFreeze(claims), hash);
  }

  return {
    options: resolved,
    async verify<TClaims extends JwtClaims = JwtClaims>(token: string): Promise<VerifiedJwt<TClaims>> {
      checkTokenLength(token, resolved.maxTokenLength);
      const hash = tokenHash(token, 'validator');
      const remembered = cache.get(hash);
      if (remembered) {
        try {
          checkTimeClaims(remembered.claims, Math.floor(clock() / 1000), clockToleranceSeconds);
        } catch (error) {
          cache.delete(hash);
          throw error;
        }
        return remembered as VerifiedJwt<TClaims>;
      }
      const verified = await verifySignature(token, hash);
      cache.set(hash, verified);
      return verified as VerifiedJwt<TClaims>;
    },
  };
}
