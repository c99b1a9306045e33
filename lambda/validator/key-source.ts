// Where verification keys come from: a static JWKS, or the AS's JWKS URI. A remote JWKS is fetched once
// and kept at module scope, so it survives between invocations of a warm Lambda and is shared by every
// validator in the process that names the same URI; an unknown `kid` refetches at most once per 10 s.
// When a refetch gets no answer, the last good set stays in use (see stale-if-error-keys.ts).
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { localKeySet } from './local-key-set';
import { JWKS_CACHE_MAX_AGE_MS, JWKS_REFETCH_COOLDOWN_MS } from './options';
import { remoteKeysWithStaleIfError } from './stale-if-error-keys';
import type { JwksRefetch } from './stale-if-error-keys';

export type KeyResolver = JWTVerifyGetKey;

const remoteKeySets = new Map<string, KeyResolver>();

/** `onRefetch` of the first validator to name a URI is the one told (the set is shared, so is the news). */
export function remoteKeyResolver(jwksUri: string, timeoutMs: number, onRefetch?: (refetch: JwksRefetch) => void): KeyResolver {
  const cacheKey = `${timeoutMs} ${jwksUri}`;
  let resolver = remoteKeySets.get(cacheKey);
  if (!resolver) {
    resolver = remoteKeysWithStaleIfError(jwksUri, {
      cooldownMs: JWKS_REFETCH_COOLDOWN_MS,
      maxAgeMs: JWKS_CACHE_MAX_AGE_MS,
      timeoutMs,
      onRefetch,
    });
    remoteKeySets.set(cacheKey, resolver);
  }
  return resolver;
}

export function staticKeyResolver(jwks: JSONWebKeySet): KeyResolver {
  return localKeySet(jwks);
}
