// The AS's signing keys, fetched once and kept across invocations (the verifier lives as long as the
// Lambda instance). An unknown `kid` triggers a refetch at most once per cooldown, so a stream of forged
// tokens cannot turn into a stream of JWKS requests. A refetch that gets no answer keeps the last good
// set in use for up to 24 h past its max age (see validator/stale-if-error-keys.ts), so an AS outage does
// not refuse JWTs signed with keys the AS last published.
import type { JWTVerifyGetKey } from 'jose';
import { remoteKeysWithStaleIfError } from '../../validator/stale-if-error-keys';
import type { JwksRefetch } from '../../validator/stale-if-error-keys';
import { jwksFetcherOver } from './jwks-over-fetch';

export const JWKS_COOLDOWN_MS = 10_000;
export const JWKS_MAX_AGE_MS = 10 * 60_000;

export interface JwksOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  /** Told about every fetch after the first (an unknown `kid`, or the cached set aged out), failed or not. */
  readonly onRefetch?: (refetch: JwksRefetch) => void;
}

export function remoteJwks(jwksUri: string, options: JwksOptions): JWTVerifyGetKey {
  return remoteKeysWithStaleIfError(jwksUri, {
    cooldownMs: JWKS_COOLDOWN_MS,
    maxAgeMs: JWKS_MAX_AGE_MS,
    timeoutMs: options.timeoutMs,
    fetcher: jwksFetcherOver(options.fetch),
    onRefetch: options.onRefetch,
  });
}
