// The registered claims, checked as jose's jwtVerify checks them (same order, same error classes, codes,
// `claim` and `reason`), so both error mappings read the result as before: `typ`, the presence of the
// required claims, `iss`, `aud` (a string, or an array containing it), then `nbf` and `exp` against the
// clock with a tolerance. Stricter in one point: a time claim must be a finite number (JSON's 1e999 is
// Infinity, which would never expire).
import { errors } from 'jose';
import type { JWTPayload } from 'jose';

export interface ClaimExpectations {
  readonly issuer?: string;
  readonly audience?: string;
  /** The JOSE `typ` header, compared as a media type (`at+jwt` is `application/at+jwt`). */
  readonly typ?: string;
  readonly requiredClaims?: readonly string[];
  readonly clockToleranceSeconds: number;
  /** Milliseconds since the epoch. */
  readonly nowMs: number;
}

const CHECK_FAILED = 'check_failed';

const mediaType = (typ: string) => {
  const lower = typ.toLowerCase();
  return typ.includes('/') ? lower : `application/${lower}`;
};

function timeClaim(claims: JWTPayload, claim: 'iat' | 'nbf' | 'exp'): number | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new errors.JWTClaimValidationFailed(`"${claim}" claim must be a number`, claims, claim, 'invalid');
  return value;
}

function requirePresent(claims: JWTPayload, claim: string): void {
  if (!Object.hasOwn(claims, claim)) throw new errors.JWTClaimValidationFailed(`missing required "${claim}" claim`, claims, claim, 'missing');
}

function audienceContains(aud: unknown, audience: string): boolean {
  return typeof aud === 'string' ? aud === audience : Array.isArray(aud) && aud.includes(audience);
}

export function checkClaimsSet(protectedHeader: Record<string, unknown>, claims: JWTPayload, expect: ClaimExpectations): void {
  if (expect.typ !== undefined && (typeof protectedHeader.typ !== 'string' || mediaType(protectedHeader.typ) !== mediaType(expect.typ))) {
    throw new errors.JWTClaimValidationFailed('unexpected "typ" JWT header value', claims, 'typ', CHECK_FAILED);
  }
  // jose's order of presence checks: iss, then aud, then the required claims, last listed first.
  if (expect.issuer !== undefined) requirePresent(claims, 'iss');
  if (expect.audience !== undefined) requirePresent(claims, 'aud');
  const required = expect.requiredClaims ?? [];
  for (let index = required.length - 1; index >= 0; index--) requirePresent(claims, required[index]);
  if (expect.issuer !== undefined && claims.iss !== expect.issuer) throw new errors.JWTClaimValidationFailed('unexpected "iss" claim value', claims, 'iss', CHECK_FAILED);
  if (expect.audience !== undefined && !audienceContains(claims.aud, expect.audience)) {
    throw new errors.JWTClaimValidationFailed('unexpected "aud" claim value', claims, 'aud', CHECK_FAILED);
  }
  const now = Math.floor(expect.nowMs / 1000);
  const tolerance = expect.clockToleranceSeconds;
  timeClaim(claims, 'iat');
  const nbf = timeClaim(claims, 'nbf');
  if (nbf !== undefined && nbf > now + tolerance) throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', claims, 'nbf', CHECK_FAILED);
  const exp = timeClaim(claims, 'exp');
  if (exp !== undefined && exp <= now - tolerance) throw new errors.JWTExpired('"exp" claim timestamp check failed', claims, 'exp', CHECK_FAILED);
}
