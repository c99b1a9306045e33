// One error hierarchy for the runtime, with stable codes (tests assert on `code`, never on messages).
// Each class fixes the HTTP status it maps to; the mapping to a gateway answer happens in exactly one
// place per adapter (authorizer: `lambda/authorizer/answers/answers.ts`, validator:
// `lambda/validator/error-response.ts`). Each code list is written once, here, and each class says what
// its detail may carry, so a reader of `detail` needs no cast.
import type { AsErrorKind } from './metric-names';

/**
 * Why a sender-constrained (DPoP or certificate-bound) token was refused: each is a 401 and names the
 * decision line's reason and the Reason metric dimension (docs/sender-constrained-tokens.md).
 */
export const SENDER_CONSTRAINT_ERROR_CODES = [
  'ERR_BOUND_TOKEN_NOT_ACCEPTED',
  'ERR_BOUND_TOKEN_AS_BEARER',
  'ERR_DPOP_TOKEN_UNBOUND',
  'ERR_DPOP_PROOF_MISSING',
  'ERR_DPOP_PROOF_MULTIPLE',
  'ERR_DPOP_PROOF_MALFORMED',
  'ERR_DPOP_PROOF_TYP',
  'ERR_DPOP_PROOF_ALG',
  'ERR_DPOP_PROOF_JWK',
  'ERR_DPOP_PROOF_SIGNATURE',
  'ERR_DPOP_PROOF_HTM',
  'ERR_DPOP_PROOF_HTU',
  'ERR_DPOP_PROOF_IAT',
  'ERR_DPOP_PROOF_ATH',
  'ERR_DPOP_PROOF_JTI',
  'ERR_DPOP_PROOF_REPLAYED',
  'ERR_DPOP_KEY_MISMATCH',
  'ERR_MTLS_CERT_MISSING',
  'ERR_MTLS_CERT_MALFORMED',
  'ERR_MTLS_CERT_MISMATCH',
] as const;
export type SenderConstraintErrorCode = (typeof SENDER_CONSTRAINT_ERROR_CODES)[number];

export const TOKEN_ERROR_CODES = [
  'ERR_TOKEN_MISSING',
  'ERR_TOKEN_MALFORMED',
  'ERR_TOKEN_INACTIVE',
  'ERR_TOKEN_REVOKED',
  'ERR_JWT_INVALID',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_SIGNATURE',
  'ERR_JWT_ALGORITHM',
  'ERR_JWT_CLAIM',
  ...SENDER_CONSTRAINT_ERROR_CODES,
] as const;
export type TokenErrorCode = (typeof TOKEN_ERROR_CODES)[number];

export const ACCESS_DENIED_CODES = ['ERR_SCOPE_INSUFFICIENT', 'ERR_CLAIM_MISMATCH', 'ERR_POLICY_DENIED', 'ERR_ROUTE_UNKNOWN'] as const;
export type AccessDeniedCode = (typeof ACCESS_DENIED_CODES)[number];

export const UPSTREAM_ERROR_CODES = ['ERR_AS_UNAVAILABLE', 'ERR_AS_RESPONSE_INVALID', 'ERR_AS_CLIENT_AUTH', 'ERR_REPLAY_STORE_UNAVAILABLE'] as const;
export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

export const POLICY_ENGINE_ERROR_CODES = ['ERR_POLICY_ERROR', 'ERR_POLICY_TIMEOUT'] as const;
export type PolicyEngineErrorCode = (typeof POLICY_ENGINE_ERROR_CODES)[number];

export type ErrorCode =
  | 'ERR_CONFIG'
  | TokenErrorCode
  | AccessDeniedCode
  | 'ERR_RESOURCE_NOT_FOUND'
  | UpstreamErrorCode
  | PolicyEngineErrorCode
  | 'ERR_INTERNAL';

/** Structured detail: what was expected and what was found. Never a raw token or secret. */
export interface ErrorDetail {
  readonly [field: string]: unknown;
}

/** How a claim failed: absent, not of the claim's type, or present but not acceptable. */
export type ClaimFailure = 'missing' | 'invalid' | 'check_failed';

export interface TokenErrorDetail extends ErrorDetail {
  /** The claim at fault (`exp`, `aud`, ...). */
  readonly claim?: string;
  readonly reason?: ClaimFailure;
  /** The JOSE header parameter at fault (`typ`, `b64`, `crit`). */
  readonly header?: string;
  /** Key selection: no key matches the header, several do, or the one that does cannot verify its `alg`. */
  readonly key?: 'none_matching' | 'several_matching' | 'unusable';
}

export interface UpstreamErrorDetail extends ErrorDetail {
  /** Why the AS call failed, finer than the code (the AsErrors metric's ErrorKind). */
  readonly kind?: AsErrorKind;
  readonly endpoint?: string;
  readonly status?: number;
  /** The JWKS fetch: no answer in time, none at all, a non-200 status, or a body that is not a key set. */
  readonly jwks?: 'timeout' | 'unreachable' | 'status' | 'invalid';
}


/** Base class: every error the runtime raises on purpose. `status` is the HTTP answer it maps to. */
export abstract class PhantomTokenError<TDetail extends ErrorDetail = ErrorDetail> extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: 401 | 403 | 404 | 500 | 503;
  constructor(
    message: string,
    readonly detail: TDetail = {} as TDetail,
    /** `cause`: the underlying failure, for debugging only (never logged as is). */
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Configuration is wrong: a deployment problem, not the caller's. Fails the cold start. */
export class ConfigError extends PhantomTokenError<{ readonly setting: string }> {
  readonly code = 'ERR_CONFIG' as const;
  readonly status = 500 as const;
  constructor(
    /** The environment variable or option at fault. */
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`, { setting });
  }
}

/** An error whose code is one of its class's list; the class fixes the status. */
abstract class CodedError<TCode extends ErrorCode, TDetail extends ErrorDetail> extends PhantomTokenError<TDetail> {
  constructor(
    readonly code: TCode,
    message: string,
    detail: TDetail = {} as TDetail,
    options?: ErrorOptions,
  ) {
    super(message, detail, options);
  }
}

/** The caller's credentials are missing, malformed or not valid: 401. */
export class TokenError extends CodedError<TokenErrorCode, TokenErrorDetail> {
  readonly status = 401 as const;
}

/** The token is valid but does not allow this request: 403. */
export class AccessDeniedError extends CodedError<AccessDeniedCode, ErrorDetail> {
  readonly status = 403 as const;
}

/** The resource an endpoint's policy needs does not exist (its loader found nothing): 404, no policy asked. */
export class ResourceNotFoundError extends PhantomTokenError {
  readonly code = 'ERR_RESOURCE_NOT_FOUND' as const;
  readonly status = 404 as const;
}

/** The authorization server cannot answer (down, slow, 5xx, garbage, our own credentials refused): 503. */
export class UpstreamError extends CodedError<UpstreamErrorCode, UpstreamErrorDetail> {
  readonly status = 503 as const;
}

/**
 * A policy engine could not decide (unreachable, failed, answered nonsense, or too slow): 503 with
 * Retry-After, like an unreachable AS. Never an allow; not a 403 either, since nothing said this caller
 * may not, and a retry may well be allowed.
 */
export class PolicyEngineError extends CodedError<PolicyEngineErrorCode, ErrorDetail> {
  readonly status = 503 as const;
}

/** Our own code failed unexpectedly (a handler threw): 500, with nothing about the cause in the answer. */
export class InternalError extends PhantomTokenError {
  readonly code = 'ERR_INTERNAL' as const;
  readonly status = 500 as const;
}

export function isPhantomTokenError(error: unknown): error is PhantomTokenError {
  return error instanceof PhantomTokenError;
}
