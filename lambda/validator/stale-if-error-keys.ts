// A remote JWKS that rides out an AS outage. jose refetches the set once it is older than its max age and
// fails the verification when that refetch fails, although an outage does not change the keys. Here a
// refetch that got no answer (network error, timeout, 5xx) falls back to the last set the AS served, for
// at most `staleIfErrorMs` past its max age, and the AS is asked again at most once per cooldown (each
// attempt can cost the whole timeout). The fallback is the `jwksCache` object jose rewrites on every
// successful fetch, so it is always the newest set the AS answered with: a key the AS removed is never
// used again. A `kid` that set lacks still fails with the fetch error (503): the AS, not the token, is
// what cannot be checked.
import { createLocalJWKSet, createRemoteJWKSet, customFetch, jwksCache } from 'jose';
import type { ExportedJWKSCache, JWTVerifyGetKey } from 'jose';

/** How long past its max age a JWKS is still used while refetching it fails. */
export const JWKS_STALE_IF_ERROR_MS = 24 * 60 * 60_000;

export interface JwksRefetch {
  readonly durationMs: number;
  /** Set when the refetch got no answer (network error, timeout, 5xx). */
  readonly failed?: true;
  /** With `failed`: the age of the last good set, which stays in use within the stale window. */
  readonly keysAgeMs?: number;
}

export interface StaleIfErrorKeysOptions {
  readonly timeoutMs: number;
  readonly maxAgeMs: number;
  /** An unknown `kid`, or a failed fetch, asks the AS again at most once per this many milliseconds. */
  readonly cooldownMs: number;
  /** @default JWKS_STALE_IF_ERROR_MS */
  readonly staleIfErrorMs?: number;
  /** @default - the global fetch */
  readonly fetch?: typeof fetch;
  /** Told about every fetch after the first. */
  readonly onRefetch?: (refetch: JwksRefetch) => void;
}

const isTimeout = (error: unknown) => (error as { code?: unknown } | null)?.code === 'ERR_JWKS_TIMEOUT';

export function remoteKeysWithStaleIfError(jwksUri: string, options: StaleIfErrorKeysOptions): JWTVerifyGetKey {
  const staleIfErrorMs = options.staleIfErrorMs ?? JWKS_STALE_IF_ERROR_MS;
  // jose fills in `jwks` and `uat` (its Date.now() of the last successful fetch).
  const cache = {} as Partial<ExportedJWKSCache>;
  let fetches = 0;
  let failedFetches = 0;
  let lastFailure: { readonly at: number; readonly error: unknown } | undefined;
  let lastGood: { readonly uat: number; readonly keys: JWTVerifyGetKey } | undefined;

  const report = (started: number, failed: boolean) => {
    if (fetches++ === 0) return;
    const durationMs = Date.now() - started;
    const keysAgeMs = cache.uat === undefined ? undefined : Date.now() - cache.uat;
    options.onRefetch?.(failed ? { durationMs, failed: true, ...(keysAgeMs === undefined ? {} : { keysAgeMs }) } : { durationMs });
  };

  const remote = createRemoteJWKSet(new URL(jwksUri), {
    cooldownDuration: options.cooldownMs,
    cacheMaxAge: options.maxAgeMs,
    timeoutDuration: options.timeoutMs,
    [jwksCache]: cache as ExportedJWKSCache,
    [customFetch]: async (url, init) => {
      const started = Date.now();
      let response: Response;
      try {
        response = await (options.fetch ?? fetch)(url, init);
      } catch (error) {
        failedFetches++;
        report(started, true);
        throw error;
      }
      const failed = response.status >= 500;
      if (failed) failedFetches++;
      report(started, failed);
      return response;
    },
  });

  function lastGoodKeys(): JWTVerifyGetKey | undefined {
    const { uat, jwks } = cache;
    if (uat === undefined || jwks === undefined || Date.now() >= uat + options.maxAgeMs + staleIfErrorMs) return undefined;
    if (lastGood?.uat !== uat) lastGood = { uat, keys: createLocalJWKSet(jwks) };
    return lastGood.keys;
  }

  async function fromLastGoodKeys(args: Parameters<JWTVerifyGetKey>, fetchError: unknown) {
    const keys = lastGoodKeys();
    if (!keys) throw fetchError;
    try {
      return await keys(...args);
    } catch {
      throw fetchError;
    }
  }

  return async (...args) => {
    if (lastFailure && cache.uat !== undefined && Date.now() < lastFailure.at + options.cooldownMs) {
      return fromLastGoodKeys(args, lastFailure.error);
    }
    const failedBefore = failedFetches;
    try {
      return await remote(...args);
    } catch (error) {
      // Only a fetch that got no answer falls back; a bad token, or an answer without the kid, fails as is.
      if (failedFetches === failedBefore && !isTimeout(error)) throw error;
      lastFailure = { at: Date.now(), error };
      return fromLastGoodKeys(args, error);
    }
  };
}
