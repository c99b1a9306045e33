// The verification core: token in, VerifiedJwt out, or a coded TokenError / UpstreamError. Keys come
// from the configured JWKS only; a verified token is remembered by hash so a warm Lambda re-checks only
// its time claims on the next request. Which rules apply is configuration, never the token's say: the
// RFC 9701 reading (claims under `token_introspection`, the outer `aud` unchecked by default) is used only
// when `tokenType` is `token-introspection+jwt`, and a token that calls itself that is refused otherwise.
import { DecisionLogger } from '../shared/decision-log';
import { TokenError } from '../shared/errors';
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

const isIntrospectionTyp = (typ: string | undefined) => typ !== undefined && normalizeTyp(typ) === INTROSPECTION_TYP;

export function createJwtValidator(options: ValidatorOptions): JwtValidator {
  const resolved = resolveValidatorOptions(options);
  const isIntrospection = isIntrospectionTyp(resolved.tokenType);
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
    if (!isIntrospection && isIntrospectionTyp(header.typ)) {
      throw new TokenError('ERR_JWT_INVALID', 'an introspection response is accepted only where tokenType configures it', {
        header: 'typ',
        expected: resolved.tokenType ?? null,
        found: header.typ ?? null,
      });
    }
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

  async function verifyWithHash(token: string, hash: string): Promise<VerifiedJwt> {
    checkTokenLength(token, resolved.maxTokenLength);
    const remembered = cache.get(hash);
    if (remembered) {
      try {
        checkTimeClaims(remembered.claims, Math.floor(clock() / 1000), clockToleranceSeconds);
      } catch (error) {
        cache.delete(hash);
        throw error;
      }
      return remembered;
    }
    const verified = await verifySignature(token, hash);
    cache.set(hash, verified);
    return verified;
  }

  return {
    options: resolved,
    verify: <TClaims extends JwtClaims = JwtClaims>(token: string) => verifyWithHash(token, tokenHash(token, 'validator')) as Promise<VerifiedJwt<TClaims>>,
  };
}
