// The verification core: token in, VerifiedJwt out, or a coded TokenError / UpstreamError. Keys come
// from the configured JWKS only; a verified token is remembered by hash so a warm Lambda re-checks only
// its time claims on the next request, and only while the key set still gives the key that verified it
// (a key the AS removed ends every remembered token it signed). Which rules apply is configuration, never
// the token's say: the RFC 9701 reading (claims under `token_introspection`, the outer `aud` unchecked by
// default) is used only when `tokenType` is `token-introspection+jwt`, and a token that calls itself that
// is refused otherwise.
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
import { isPromise } from './maybe-async';
import { verifySignedJwt } from './signed-jwt';
import { checkTimeClaims } from './time-claims';
import { VerifiedTokenCache } from './verified-token-cache';

export interface JwtValidator {
  readonly options: ResolvedValidatorOptions;
  /** Verifies a compact JWT; rejects with a PhantomTokenError (TokenError 401, UpstreamError 503). */
  verify<TClaims extends JwtClaims = JwtClaims>(token: string): Promise<VerifiedJwt<TClaims>>;
}

const isIntrospectionTyp = (typ: string | undefined) => typ !== undefined && normalizeTyp(typ) === INTROSPECTION_TYP;

/** A verified token as the cache keeps it. */
interface Remembered {
  readonly jwt: VerifiedJwt;
  /** The key its signature verified with. */
  readonly key: unknown;
  /** rfc9701: the response's own time claims, which bound its use as much as the introspected ones. */
  readonly outerTimes?: Readonly<Record<'exp' | 'nbf' | 'iat', unknown>>;
}

export function createJwtValidator(options: ValidatorOptions): JwtValidator {
  const resolved = resolveValidatorOptions(options);
  const isIntrospection = isIntrospectionTyp(resolved.tokenType);
  let refetchLogger: DecisionLogger | undefined;
  const keys: KeyResolver = resolved.jwks
    ? staticKeyResolver(resolved.jwks)
    : remoteKeyResolver(resolved.jwksUri!, resolved.jwksTimeoutMs, (refetch) =>
        (refetchLogger ??= new DecisionLogger(resolved.logLevel, resolved.logSink)).event('jwks_refresh', refetch),
      );
  const cache = new VerifiedTokenCache<Remembered>(resolved.verifiedTokenCacheEntries);
  const { clock, clockToleranceSeconds } = resolved;

  async function verifySignature(token: string, hash: string): Promise<Remembered> {
    const { header, jws } = parseJwt(token, resolved.allowedAlgorithms, resolved.tokenType);
    if (!isIntrospection && isIntrospectionTyp(header.typ)) {
      throw new TokenError('ERR_JWT_INVALID', 'an introspection response is accepted only where tokenType configures it', {
        header: 'typ',
        expected: resolved.tokenType ?? null,
        found: header.typ ?? null,
      });
    }
    let payload: Record<string, unknown>;
    let key: unknown;
    try {
      ({ payload, key } = await verifySignedJwt(jws, keys, {
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
    const jwt = new VerifiedJwt(token, header, deepFreeze(claims), hash);
    if (!isIntrospection) return { jwt, key };
    return { jwt, key, outerTimes: Object.freeze({ exp: payload.exp, nbf: payload.nbf, iat: payload.iat }) };
  }

  /** Checked on every hit: the times (the response's own too, for rfc9701), as for a fresh token. */
  function checkRememberedTimes(remembered: Remembered): void {
    const nowSeconds = Math.floor(clock() / 1000);
    checkTimeClaims(remembered.jwt.claims, nowSeconds, clockToleranceSeconds);
    // An introspection response need not carry an exp; the one it carries was checked when it verified.
    if (remembered.outerTimes?.exp !== undefined) checkTimeClaims(remembered.outerTimes, nowSeconds, clockToleranceSeconds);
  }

  /**
   * Whether the key set still gives, for this token's header, the key that verified it. Synchronous when
   * the set is fresh and knows the key (the warm path); a set past its max age is fetched again first.
   * A refetched set imports its keys anew, so its first sight of a remembered token verifies it again.
   */
  function keyStillCurrent(remembered: Remembered, token: string): boolean | Promise<boolean> {
    const [encodedHeader, encodedPayload, encodedSignature] = token.split('.');
    let selected: ReturnType<KeyResolver>;
    try {
      selected = keys(remembered.jwt.header as Parameters<KeyResolver>[0], { protected: encodedHeader, payload: encodedPayload, signature: encodedSignature });
    } catch {
      return false;
    }
    return isPromise(selected) ? selected.then((key) => key === remembered.key, () => false) : selected === remembered.key;
  }

  async function verifyWithHash(token: string, hash: string): Promise<VerifiedJwt> {
    checkTokenLength(token, resolved.maxTokenLength);
    const remembered = cache.get(hash);
    if (remembered) {
      try {
        checkRememberedTimes(remembered);
      } catch (error) {
        cache.delete(hash);
        throw error;
      }
      const current = keyStillCurrent(remembered, token);
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
    verify: <TClaims extends JwtClaims = JwtClaims>(token: string) => verifyWithHash(token, tokenHash(token, 'validator')) as Promise<VerifiedJwt<TClaims>>,
  };
}
