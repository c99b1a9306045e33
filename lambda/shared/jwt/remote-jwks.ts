// The AS's signing keys for the authorizer and the revocation receiver, fetched once and kept across
// invocations (the verifier lives as long as the Lambda instance), through the caller's fetch
// (jwks-over-fetch.ts). Refetch cooldown, max age
// and stale-if-error are the shared key set's (lambda/shared/jwt/stale-if-error-keys.ts): an unknown
// `kid` cannot become a stream of JWKS requests, and an AS outage does not refuse JWTs signed with keys
// the AS last published.
import type { KeyResolver } from './local-key-set';
import { remoteKeysWithStaleIfError, type JwksRefetch } from './stale-if-error-keys';
import { jwksFetcherOver } from './jwks-over-fetch';

export interface JwksOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  /** Told about every fetch after the first (an unknown `kid`, or the cached set aged out), failed or not. */
  readonly onRefetch?: (refetch: JwksRefetch) => void;
}

export function remoteJwks(jwksUri: string, options: JwksOptions): KeyResolver {
  return remoteKeysWithStaleIfError(jwksUri, { timeoutMs: options.timeoutMs, fetcher: jwksFetcherOver(options.fetch), onRefetch: options.onRefetch });
}
