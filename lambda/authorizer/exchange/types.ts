// The one interface every exchange mode implements: opaque token in, verified phantom JWT (or "inactive")
// out. Modes differ only in how they ask the AS and how they read and verify its answer.
import type { KeyResolver } from '../../shared/jwt/local-key-set';
import type { AuthorizerConfig } from '../../shared/config';
import type { CredentialsSource } from '../as-client/credentials';
import type { AsEndpoints } from '../as-client/endpoints';
import type { TokenBinding } from '../sender-constraint/token-binding';

/** What the authorizer learned about a token, from claims it verified. */
export interface VerifiedIdentity {
  /** The JWT forwarded to the API. */
  readonly jwt: string;
  readonly sub?: string;
  readonly clientId?: string;
  /** Space-delimited granted scopes (from `scope` or `scp`). */
  readonly scope: string;
  /** Epoch milliseconds of the JWT's (or introspected token's) expiry. */
  readonly expiresAtMs: number;
  /** The token's `cnf` (DPoP key or client certificate), checked on every request; absent for a bearer token. */
  readonly binding?: TokenBinding;
  /** What a revocation may name (revocation/revocation-list.ts): the JWT's `jti`, `sid`, `email`, and `iat` in ms. */
  readonly jti?: string;
  readonly sid?: string;
  readonly email?: string;
  readonly issuedAtMs?: number;
}

export type ExchangeOutcome =
  | { readonly active: true; readonly identity: VerifiedIdentity; readonly maxAgeSeconds?: number; readonly asLatencyMs: number }
  | { readonly active: false; readonly asLatencyMs: number };

export type ExchangeToken = (token: string) => Promise<ExchangeOutcome>;

/**
 * Verifies a phantom JWT the way the mode verifies the AS's answer (signature with the AS's keys, `iss`,
 * `exp`, the algorithm allow-list, `aud` when configured) and reads the identity from its claims. Throws
 * TokenError (or UpstreamError when the keys cannot be fetched) when it does not verify.
 */
export type VerifyPhantomJwt = (jwt: string) => Promise<VerifiedIdentity>;

/** The I/O a mode may use, shared by all modes of one authorizer instance. */
export interface ExchangeContext {
  readonly config: AuthorizerConfig;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly endpoints: () => Promise<AsEndpoints>;
  readonly credentials: CredentialsSource;
  readonly keys: () => Promise<KeyResolver>;
}
