// The AS's signing keys, fetched once and kept across invocations (the verifier lives as long as the
// Lambda instance). An unknown `kid` triggers a refetch at most once per cooldown, so a stream of forged
// tokens cannot turn into a stream of JWKS requests.
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';

export const JWKS_COOLDOWN_MS = 10_000;
export const JWKS_MAX_AGE_MS = 10 * 60_000;

export interface JwksOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  /** Told about every fetch after the first (an unknown `kid`, or the cached set aged out). */
  readonly onRefetch?: (durationMs: number) => void;
}

export function remoteJwks(jwksUri: string, options: JwksOptions): JWTVerifyGetKey {
  let fetches = 0;
  return createRemoteJWKSet(new URL(jwksUri), {
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_MAX_AGE_MS,
    timeoutDuration: options.timeoutMs,
    [customFetch]: async (url, init) => {
      const started = Date.now();
      const response = await options.fetch(url, init);
      if (fetches++ > 0) options.onRefetch?.(Date.now() - started);
      return response;
    },
  });
}
