// jose's error codes mapped onto ours, in one table. Anything unrecognised fails closed as an invalid JWT.
import { TokenError, UpstreamError } from '../shared/errors';
import type { PhantomTokenError } from '../shared/errors';

type TokenCode = TokenError['code'];

const TOKEN_CODES: Readonly<Record<string, TokenCode>> = {
  ERR_JWT_EXPIRED: 'ERR_JWT_EXPIRED',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'ERR_JWT_CLAIM',
  ERR_JOSE_ALG_NOT_ALLOWED: 'ERR_JWT_ALGORITHM',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'ERR_JWT_SIGNATURE',
  ERR_JWKS_NO_MATCHING_KEY: 'ERR_JWT_SIGNATURE',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'ERR_JWT_SIGNATURE',
  ERR_JWS_INVALID: 'ERR_JWT_INVALID',
  ERR_JWT_INVALID: 'ERR_JWT_INVALID',
  ERR_JOSE_NOT_SUPPORTED: 'ERR_JWT_INVALID',
  ERR_JWK_INVALID: 'ERR_JWT_SIGNATURE',
};

/** The JWKS endpoint itself failed (fetch-key-set.ts reports every failure as one of these): a 503, not a 401. */
const UPSTREAM_CODES: Readonly<Record<string, UpstreamError['code']>> = {
  ERR_JWKS_TIMEOUT: 'ERR_AS_UNAVAILABLE',
  ERR_JWKS_INVALID: 'ERR_AS_RESPONSE_INVALID',
  ERR_JOSE_GENERIC: 'ERR_AS_UNAVAILABLE',
};

export function fromJoseError(error: unknown): PhantomTokenError {
  const code = (error as { code?: unknown } | null)?.code;
  const claim = (error as { claim?: unknown } | null)?.claim;
  if (typeof code === 'string') {
    const tokenCode = TOKEN_CODES[code];
    if (tokenCode) return new TokenError(tokenCode, `the JWT was refused (${code})`, typeof claim === 'string' ? { jose: code, claim } : { jose: code });
    const upstreamCode = UPSTREAM_CODES[code];
    if (upstreamCode) return new UpstreamError(upstreamCode, 'the JWKS could not be fetched', { jose: code });
  }
  return new TokenError('ERR_JWT_INVALID', 'the JWT could not be verified', { jose: typeof code === 'string' ? code : 'unknown' });
}
