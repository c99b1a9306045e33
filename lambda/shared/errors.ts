// One error hierarchy for the runtime, with stable codes (tests assert on `code`, never on messages).
// Each class fixes the HTTP status it maps to; the mapping to a gateway answer happens in exactly one
// place per adapter (authorizer: `lambda/authorizer/answers.ts`, validator: its response mapper).

export type ErrorCode =
  | 'ERR_CONFIG'
  | 'ERR_TOKEN_MISSING'
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_INACTIVE'
  | 'ERR_TOKEN_REVOKED'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_SIGNATURE'
  | 'ERR_JWT_ALGORITHM'
  | 'ERR_JWT_CLAIM'
  | 'ERR_SCOPE_INSUFFICIENT'
  | 'ERR_CLAIM_MISMATCH'
  | 'ERR_POLICY_DENIED'
  | 'ERR_ROUTE_UNKNOWN'
  | 'ERR_AS_UNAVAILABLE'
  | 'ERR_AS_RESPONSE_INVALID'
  | 'ERR_AS_CLIENT_AUTH'
  | 'ERR_INTERNAL';

/** Base class: every error the runtime raises on purpose. `status` is the HTTP answer it maps to. */
export abstract class PhantomTokenError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: 401 | 403 | 500 | 503;
  constructor(
    message: string,
    /** Structured detail: what was expected and what was found. Never a raw token or secret. */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Configuration is wrong: a deployment problem, not the caller's. Fails the cold start. */
export class ConfigError extends PhantomTokenError {
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

/** The caller's credentials are missing, malformed or not valid: 401. */
export class TokenError extends PhantomTokenError {
  readonly status = 401 as const;
  constructor(
    readonly code:
      | 'ERR_TOKEN_MISSING'
      | 'ERR_TOKEN_MALFORMED'
      | 'ERR_TOKEN_INACTIVE'
      | 'ERR_TOKEN_REVOKED'
      | 'ERR_JWT_INVALID'
      | 'ERR_JWT_EXPIRED'
      | 'ERR_JWT_SIGNATURE'
      | 'ERR_JWT_ALGORITHM'
      | 'ERR_JWT_CLAIM',
    message: string,
    detail: Record<string, unknown> = {},
  ) {
    super(message, detail);
  }
}

/** The token is valid but does not allow this request: 403. */
export class AccessDeniedError extends PhantomTokenError {
  readonly status = 403 as const;
  constructor(
    readonly code: 'ERR_SCOPE_INSUFFICIENT' | 'ERR_CLAIM_MISMATCH' | 'ERR_POLICY_DENIED' | 'ERR_ROUTE_UNKNOWN',
    message: string,
    detail: Record<string, unknown> = {},
  ) {
    super(message, detail);
  }
}

/** The authorization server cannot answer (down, slow, 5xx, garbage, our own credentials refused): 503. */
export class UpstreamError extends PhantomTokenError {
  readonly status = 503 as const;
  constructor(
    readonly code: 'ERR_AS_UNAVAILABLE' | 'ERR_AS_RESPONSE_INVALID' | 'ERR_AS_CLIENT_AUTH',
    message: string,
    detail: Record<string, unknown> = {},
  ) {
    super(message, detail);
  }
}

/** Our own code failed unexpectedly (a handler threw): 500, with nothing about the cause in the answer. */
export class InternalError extends PhantomTokenError {
  readonly code = 'ERR_INTERNAL' as const;
  readonly status = 500 as const;
}

export function isPhantomTokenError(error: unknown): error is PhantomTokenError {
  return error instanceof PhantomTokenError;
}
