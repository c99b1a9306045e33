// The verification core: token in, VerifiedJwt out, or a coded TokenError / UpstreamError. The checks are
// the shared pipeline's (lambda/shared/jwt/verify.ts); this file decides which apply and remembers the
// result. Keys come from the configured JWKS only; a verified token is remembered by hash so a warm
// Lambda re-checks only its time claims on the next request, and only while the key set still gives the
// key that verified it (a key the AS removed ends every remembered token it signed). Which rules apply is
// configuration, never the token's say: the RFC 9701 reading (claims under `token_introspection`, the
// outer `aud` unchecked by default) is used only when `tokenType` is `token-introspection+jwt`, and a
// token that calls itself that is refused otherwise.
import { DecisionLogger } from '../shared/decision-log';
import { checkClaimsSet, checkTimeClaims, type TimeRules } from '../shared/jwt/claims-set';
import { checkTokenLength } from '../shared/jwt/compact-jws';
import type { KeyResolver } from '../shared/jwt/local-key-set';
import { isPromise } from '../shared/jwt/maybe-async';
import { INTROSPECTION_TYP, normalizeTyp } from '../shared/jwt/typ';
import { verifyJwt } from '../shared/jwt/verify';
import { LruCache } from '../shared/lru';
import { tokenHash } from '../shared/token-hash';
import { deepFreeze, VerifiedJwt, type JwtClaims } from './claims';
import { introspectedClaims } from './introspection-claims';
import { remoteKeyResolver, staticKeyResolver } from './key-source';
import { resolveValidatorOptions, type ResolvedValidatorOptions, type ValidatorOptions } from './options';

export interface JwtValidator {
  readonly options: ResolvedValidatorOptions;
  /** Verifies a compact JWT; rejects with a PhantomTokenError (TokenError 401, UpstreamError 503). */
  verify<TClaims extends JwtClaims = JwtClaims>(token: string): Promise<VerifiedJwt<TClaims>>;
}

/** A verified token as the cache keeps it. */
interface Remembered {
  readonly jwt: VerifiedJwt;
  /** The key its signature verified with. */
  readonly key: unknown;
  /** rfc9701: the response's own time claims, which bound its use as much as the introspected ones. */
  readonly outerTimes?: Readonly<Record<'exp' | 'nbf' | 'iat', unknown>>;
}

/** The phantom JWT (for rfc9701, the introspected token) must carry an `exp`. */
const REQUIRED_CLAIMS = ['exp'] as const;

export function createJwtValidator(options: ValidatorOptions): JwtValidator {
  const resolved = resolveValidatorOptions(options);
  const isIntrospection = resolved.tokenType !== undefined && normalizeTyp(resolved.tokenType) === INTROSPECTION_TYP;
  let refetchLogger: DecisionLogger | undefined;
  const keys: KeyResolver = resolved.jwks
    ? staticKeyResolver(resolved.jwks)
    : remoteKeyResolver(resolved.jwksUri!, resolved.jwksTimeoutMs, (refetch) =>
        (refetchLogger ??= new DecisionLogger(resolved.logLevel, resolved.logSink)).event('jwks_refresh', refetch),
      );
  const cache = new LruCache<Remembered>(resolved.verifiedTokenCacheEntries);
  const { clock, clockToleranceSeconds } = resolved;
  // A token issued in the future is refused too, fresh or remembered.
  const timeRules: TimeRules = { clockToleranceSeconds, refuseFutureIat: true };

  async function verifySignature(token: string, hash: string): Promise<Remembered> {
    const nowMs = clock();
    const { payload, header, key } = await verifyJwt(token, keys, {
      algorithms: resolved.allowedAlgorithms,
      typ: resolved.tokenType,
      refusedTyp: isIntrospection ? undefined : INTROSPECTION_TYP,
      issuer: resolved.issuer,
      audience: isIntrospection ? resolved.introspectionAudience : resolved.audience,
      // rfc9701: the response need not carry an exp; the introspected token must.
      requiredClaims: isIntrospection ? undefined : REQUIRED_CLAIMS,
      ...timeRules,
      nowMs,
    });
    if (!isIntrospection) return { jwt: new VerifiedJwt(token, header, deepFreeze(payload as JwtClaims), hash), key };
    const inner = introspectedClaims(payload, resolved.issuer);
    checkClaimsSet(undefined, inner, { audience: resolved.audience, requiredClaims: REQUIRED_CLAIMS, ...timeRules, nowMs });
    const jwt = new VerifiedJwt(token, header, deepFreeze(inner), hash);
    return { jwt, key, outerTimes: Object.freeze({ exp: payload.exp, nbf: payload.nbf, iat: payload.iat }) };
  }

  /** Checked on every hit: the times (the response's own too, for rfc9701), as for a fresh token. */
  function checkRememberedTimes(remembered: Remembered): void {
    const nowMs = clock();
    checkTimeClaims(remembered.jwt.claims, nowMs, timeRules);
    if (remembered.outerTimes) checkTimeClaims(remembered.outerTimes, nowMs, timeRules);
  }

  /**
   * Whether the key set still gives, for this token's header, the key that verified it. Synchronous when
   * the set is fresh and knows the key (the warm path); a set past its max age is fetched again first.
   * A refetched set imports its keys anew, so its first sight of a remembered token verifies it again.
   */
  function keyStillCurrent(remembered: Remembered): boolean | Promise<boolean> {
    let selected: ReturnType<KeyResolver>;
    try {
      selected = keys(remembered.jwt.header);
    } catch {
      return false;
    }
    return isPromise(selected) ? selected.then((key) => key === remembered.key, () => false) : selected === remembered.key;
  }

  async function verifyWithHash(token: string, hash: string): Promise<VerifiedJwt> {
    const remembered = cache.get(hash);
    if (remembered) {
      try {
        checkRememberedTimes(remembered);
      } catch (error) {
        cache.delete(hash);
        throw error;
      }
      const current = keyStillCurrent(remembered);
      if (current === true || (current !== false && (await current))) return remembered.jwt;
      // Verified again from scratch: refused if the key is gone, remembered anew if it was re-imported.
      cache.delete(hash);
    }
    const verified = await verifySignature(token, hash);
    cache.set(hash, verified);
    return verified.jwt;
  }

  return {
    options: resolved,
    verify: <TClaims extends JwtClaims = JwtClaims>(token: string) => {
      try {
        // Before hashing: an oversized token costs nothing more.
        checkTokenLength(token, resolved.maxTokenLength);
      } catch (error) {
        return Promise.reject(error);
      }
      return verifyWithHash(token, tokenHash(token, 'validator')) as Promise<VerifiedJwt<TClaims>>;
    },
  };
}
