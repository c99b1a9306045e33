// Where verification keys come from: a static JWKS, or the AS's JWKS URI. A remote JWKS is fetched once
// and kept at module scope, so it survives between invocations of a warm Lambda and is shared by every
// validator in the process that names the same URI; an unknown `kid` refetches at most once per 10 s.
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { JWKS_CACHE_MAX_AGE_MS, JWKS_REFETCH_COOLDOWN_MS } from './options';

export type KeyResolver = JWTVerifyGetKey;

const remoteKeySets = new Map<string, KeyResolver>();

export function remoteKeyResolver(jwksUri: string, timeoutMs: number): KeyResolver {
  const cacheKey = `${timeoutMs} ${jwksUri}`;
  let resolver = remoteKeySets.get(cacheKey);
  if (!resolver) {
    resolver = createRemoteJWKSet(new URL(jwksUri), {
      cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
      timeoutDuration: timeoutMs,
    });
    remoteKeySets.set(cacheKey, resolver);
  }
  return resolver;
}

export function staticKeyResolver(jwks: JSONWebKeySet): KeyResolver {
  return createLocalJWKSet(jwks);
}
