// The claims a verified phantom JWT carries (RFC 9068 §2.2 plus this project's `subscriber_id`), and
// the verified token handed to handlers.
import { grantedScopes } from '../shared/scope-rules';
import type { JwtHeader } from '../shared/jwt/header';

export interface JwtClaims {
  readonly iss: string;
  readonly sub?: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly iat?: number;
  readonly nbf?: number;
  readonly jti?: string;
  readonly client_id?: string;
  readonly scope?: string;
  readonly scp?: readonly string[] | string;
  readonly subscriber_id?: string;
  readonly [claim: string]: unknown;
}

/** Claims are shared by every request that presents the same token, so no handler may change them. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A JWT whose signature, issuer, audience, type and times were checked. The compact token itself is
 * private (it never appears in JSON.stringify or a log line); `compact()` gives it to the `share`
 * downstream strategy. Frozen, header and claims included: one instance is shared by every request that
 * presents the token (verified-token cache), and a policy hook must not be able to change what the
 * handler is given.
 */
export class VerifiedJwt<TClaims extends JwtClaims = JwtClaims> {
  readonly #token: string;
  /** The granted scopes, from `scope` or `scp`. */
  readonly scopes: readonly string[];

  constructor(
    token: string,
    readonly header: JwtHeader,
    readonly claims: TClaims,
    /** SHA-256 of the token (validator domain), for logs and cache keys. */
    readonly tokenHash: string,
  ) {
    this.#token = token;
    this.scopes = Object.freeze(grantedScopes(claims));
    deepFreeze(header);
    deepFreeze(claims);
    Object.freeze(this);
  }

  /** The JWT as received. Only for passing it on to an API of the same security domain. */
  compact(): string {
    return this.#token;
  }
}
