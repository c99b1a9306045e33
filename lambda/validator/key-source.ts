// Where verification keys come from: a static JWKS, or the AS's JWKS URI. A remote JWKS is fetched once
// and kept at module scope, so it survives between invocations of a warm Lambda and is shared by every
// validator in the process that names the same URI; an unknown `kid` refetches at most once per cooldown,
// and when a refetch gets no answer the last good set stays in use (lambda/shared/jwt/stale-if-error-keys.ts).
import type { JSONWebKeySet } from 'jose';
import { localKeySet, type KeyResolver } from '../shared/jwt/local-key-set';
import { remoteKeysWithStaleIfError, type JwksRefetch } from '../shared/jwt/stale-if-error-keys';

const remoteKeySets = new Map<string, KeyResolver>();

/** `onRefetch` of the first validator to name a URI is the one told (the set is shared, so is the news). */
export function remoteKeyResolver(jwksUri: string, timeoutMs: number, onRefetch?: (refetch: JwksRefetch) => void): KeyResolver {
  const cacheKey = `${timeoutMs} ${jwksUri}`;
  let resolver = remoteKeySets.get(cacheKey);
  if (!resolver) {
    resolver = remoteKeysWithStaleIfError(jwksUri, { timeoutMs, onRefetch });
    remoteKeySets.set(cacheKey, resolver);
  }
  return resolver;
}

export function staticKeyResolver(jwks: JSONWebKeySet): KeyResolver {
  return localKeySet(jwks);
}
