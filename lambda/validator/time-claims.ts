// `exp` (required), `nbf` and `iat` against the clock with a tolerance. Run on every request, including
// those answered from the verified-token cache, so a remembered token still expires on time.
import { TokenError } from '../shared/errors';

function numericDate(claims: Record<string, unknown>, claim: string): number | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TokenError('ERR_JWT_CLAIM', `the "${claim}" claim is not a NumericDate`, { claim });
  }
  return value;
}

export function checkTimeClaims(claims: Record<string, unknown>, nowSeconds: number, toleranceSeconds: number): void {
  const exp = numericDate(claims, 'exp');
  if (exp === undefined) throw new TokenError('ERR_JWT_CLAIM', 'the JWT has no "exp" claim', { claim: 'exp', expected: 'present' });
  if (exp <= nowSeconds - toleranceSeconds) {
    throw new TokenError('ERR_JWT_EXPIRED', 'the JWT has expired', { claim: 'exp', exp, now: nowSeconds, toleranceSeconds });
  }
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > nowSeconds + toleranceSeconds) {
    throw new TokenError('ERR_JWT_CLAIM', 'the JWT is not valid yet', { claim: 'nbf', nbf, now: nowSeconds, toleranceSeconds });
  }
  const iat = numericDate(claims, 'iat');
  if (iat !== undefined && iat > nowSeconds + toleranceSeconds) {
    throw new TokenError('ERR_JWT_CLAIM', 'the JWT was issued in the future', { claim: 'iat', iat, now: nowSeconds, toleranceSeconds });
  }
}
