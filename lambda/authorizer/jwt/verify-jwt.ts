// Verifies a JWT from the AS before any claim in it is trusted: signature against the AS's JWKS, the
// algorithm allow-list (asymmetric only, so `none` and HS256-with-the-public-key fail), `iss`, `exp`,
// `typ` and `aud` when required (validator/signed-jwt.ts, shared with the services' validator). Its
// errors are jose's classes and become TokenError (the JWT is bad: 401) or, when the keys cannot be
// fetched, UpstreamError (503).
import { errors as joseErrors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TokenError, UpstreamError } from '../../shared/errors';
import { verifySignedJwt } from '../../validator/signed-jwt';

export interface JwtExpectations {
  readonly issuer: string;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly audience?: string;
  readonly typ?: string;
  readonly requireExp: boolean;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Cheap shape check: a body that is not even a compact JWS is the AS's fault, not the token's. */
export function looksLikeJwt(text: string): boolean {
  return COMPACT_JWS.test(text);
}

export async function verifyJwt(jwt: string, keys: JWTVerifyGetKey, expect: JwtExpectations, nowMs: number): Promise<JWTPayload> {
  try {
    const { payload } = await verifySignedJwt(jwt, keys, {
      issuer: expect.issuer,
      algorithms: expect.algorithms,
      clockToleranceSeconds: expect.clockToleranceSeconds,
      nowMs,
      ...(expect.audience ? { audience: expect.audience } : {}),
      ...(expect.typ ? { typ: expect.typ } : {}),
      ...(expect.requireExp ? { requiredClaims: ['exp'] } : {}),
    });
    return payload;
  } catch (error) {
    throw mapJoseError(error);
  }
}

export function mapJoseError(error: unknown): Error {
  if (error instanceof TokenError || error instanceof UpstreamError) return error;
  const code = (error as { code?: string }).code;
  const detail = { joseCode: code ?? (error as Error).name };
  switch (code) {
    case joseErrors.JWTExpired.code:
      return new TokenError('ERR_JWT_EXPIRED', 'the JWT has expired', detail);
    case joseErrors.JOSEAlgNotAllowed.code:
    case joseErrors.JOSENotSupported.code:
      return new TokenError('ERR_JWT_ALGORITHM', 'the JWT algorithm is not allowed', detail);
    case joseErrors.JWSSignatureVerificationFailed.code:
    case joseErrors.JWKSNoMatchingKey.code:
    case joseErrors.JWKSMultipleMatchingKeys.code:
      return new TokenError('ERR_JWT_SIGNATURE', 'the JWT signature does not verify against the AS keys', detail);
    case joseErrors.JWTClaimValidationFailed.code:
      return new TokenError('ERR_JWT_CLAIM', `the JWT claim "${(error as { claim?: string }).claim}" is not acceptable`, {
        ...detail,
        claim: (error as { claim?: string }).claim,
        reason: (error as { reason?: string }).reason,
      });
    case joseErrors.JWSInvalid.code:
    case joseErrors.JWTInvalid.code:
    case joseErrors.JWKInvalid.code:
      return new TokenError('ERR_JWT_INVALID', 'the JWT is malformed', detail);
    default:
      // JWKS timeout, JWKS not JSON, network failure: the keys are unavailable, not the token bad.
      return new UpstreamError('ERR_AS_UNAVAILABLE', 'the AS signing keys could not be fetched', detail);
  }
}
