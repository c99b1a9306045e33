// The claims set, checked once, in jose's jwtVerify order (so the differential test can hold the two side
// by side): `typ`, the presence of the required claims, `iss`, `aud` (a string, or an array containing
// it), then the time claims against the clock with a tolerance. Stricter than jose in two points: a time
// claim must be a finite number (JSON's 1e999 is Infinity, which would never expire), and `iat` may be
// refused when it lies in the future.
import { TokenError, type ClaimFailure } from '../errors';
import { audienceIncludes } from './audience';
import { normalizeTyp } from './typ';

/** How the time claims are judged; fixed per verifier, so a remembered token's re-check allocates nothing. */
export interface TimeRules {
  readonly clockToleranceSeconds: number;
  /** Refuse an `iat` later than now plus the tolerance. @default false */
  readonly refuseFutureIat?: boolean;
}

export interface ClaimExpectations extends TimeRules {
  /** Milliseconds since the epoch. */
  readonly nowMs: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** The JOSE `typ` header required, compared as a media type (`at+jwt` is `application/at+jwt`). */
  readonly typ?: string;
  /** A `typ` refused (compared the same way), for a verifier that must not take a token of that kind. */
  readonly refusedTyp?: string;
  readonly requiredClaims?: readonly string[];
}

const claimFailed = (claim: string, reason: ClaimFailure, message: string, detail: Record<string, unknown> = {}) =>
  new TokenError('ERR_JWT_CLAIM', message, { claim, reason, ...detail });

function timeClaim(claims: Record<string, unknown>, claim: 'iat' | 'nbf' | 'exp'): number | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw claimFailed(claim, 'invalid', `the "${claim}" claim is not a NumericDate`);
  return value;
}

/** The time claims only: what a remembered token is checked against again on every use. */
export function checkTimeClaims(claims: Record<string, unknown>, nowMs: number, rules: TimeRules): void {
  const now = Math.floor(nowMs / 1000);
  const tolerance = rules.clockToleranceSeconds;
  const iat = timeClaim(claims, 'iat');
  const nbf = timeClaim(claims, 'nbf');
  if (nbf !== undefined && nbf > now + tolerance) throw claimFailed('nbf', 'check_failed', 'the JWT is not valid yet', { nbf, now, toleranceSeconds: tolerance });
  const exp = timeClaim(claims, 'exp');
  if (exp !== undefined && exp <= now - tolerance) {
    throw new TokenError('ERR_JWT_EXPIRED', 'the JWT has expired', { claim: 'exp', reason: 'check_failed', exp, now, toleranceSeconds: tolerance });
  }
  if (rules.refuseFutureIat && iat !== undefined && iat > now + tolerance) {
    throw claimFailed('iat', 'check_failed', 'the JWT was issued in the future', { iat, now, toleranceSeconds: tolerance });
  }
}

function checkTyp(typ: string | undefined, expect: ClaimExpectations): void {
  const found = typ === undefined ? undefined : normalizeTyp(typ);
  if (expect.typ !== undefined && found !== normalizeTyp(expect.typ)) {
    throw new TokenError('ERR_JWT_INVALID', 'the JWT type is not the one required', { header: 'typ', expected: expect.typ, found: typ ?? null });
  }
  if (expect.refusedTyp !== undefined && found === normalizeTyp(expect.refusedTyp)) {
    throw new TokenError('ERR_JWT_INVALID', `a ${expect.refusedTyp} token is not accepted here`, { header: 'typ', expected: expect.typ ?? null, found: typ ?? null });
  }
}

function requirePresent(claims: Record<string, unknown>, claim: string): void {
  if (!Object.hasOwn(claims, claim)) throw claimFailed(claim, 'missing', `the JWT has no "${claim}" claim`);
}

/** `typ` is the protected header's (undefined for a claims set that has no header of its own). */
export function checkClaimsSet(typ: string | undefined, claims: Record<string, unknown>, expect: ClaimExpectations): void {
  checkTyp(typ, expect);
  // jose's order of presence checks: iss, then aud, then the required claims, last listed first.
  if (expect.issuer !== undefined) requirePresent(claims, 'iss');
  if (expect.audience !== undefined) requirePresent(claims, 'aud');
  const required = expect.requiredClaims ?? [];
  for (let index = required.length - 1; index >= 0; index--) requirePresent(claims, required[index]);
  if (expect.issuer !== undefined && claims.iss !== expect.issuer) throw claimFailed('iss', 'check_failed', 'the JWT has another issuer', { expected: expect.issuer });
  if (expect.audience !== undefined && !audienceIncludes(claims.aud, expect.audience)) {
    throw claimFailed('aud', 'check_failed', 'the JWT is not meant for this audience', { expected: expect.audience });
  }
  checkTimeClaims(claims, expect.nowMs, expect);
}
