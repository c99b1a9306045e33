// A key set over a JWKS the process already holds (static, or the last one fetched): jose's
// createLocalJWKSet selects and imports the key (what jose is good at), and the key it found for an
// `alg` and `kid` is kept, so later tokens get it back synchronously instead of through jose's candidate
// filter and three promise hops. Only found keys are kept, and there are at most as many as JWKs times
// algorithms: a token's unknown kid is never remembered, whatever an attacker sends. jose's selection
// errors become ours here, at the one place jose is called.
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { TokenError } from '../errors';
import type { MaybePromise } from './maybe-async';

/** What key selection reads from the protected header. */
export interface KeyHint {
  readonly alg: string;
  readonly kid?: string;
}

/** A CryptoKey or KeyObject (verification-key.ts checks which, and that it fits the `alg`). */
export type VerificationKeyLike = unknown;

/** Gives the key for a header, synchronously when it already holds it; refuses with a TokenError. */
export type KeyResolver = (hint: KeyHint) => MaybePromise<VerificationKeyLike>;

const JOSE_SELECTION: Readonly<Record<string, 'none_matching' | 'several_matching'>> = {
  ERR_JWKS_NO_MATCHING_KEY: 'none_matching',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'several_matching',
};

function selectionError(error: unknown, hint: KeyHint): TokenError {
  const key = JOSE_SELECTION[(error as { code?: string } | null)?.code ?? ''] ?? 'unusable';
  return new TokenError('ERR_JWT_SIGNATURE', 'no key of the key set can verify the JWT', { key, alg: hint.alg, kid: hint.kid ?? null });
}

export function localKeySet(jwks: JSONWebKeySet): KeyResolver {
  const select = createLocalJWKSet(jwks);
  // alg -> kid (undefined when the token names none) -> key: no string spelling of the pair to collide.
  const found = new Map<string, Map<string | undefined, VerificationKeyLike>>();
  return (hint) => {
    const known = found.get(hint.alg)?.get(hint.kid);
    if (known !== undefined) return known;
    return select({ alg: hint.alg, kid: hint.kid }, undefined as never).then(
      (key) => {
        let byKid = found.get(hint.alg);
        if (!byKid) found.set(hint.alg, (byKid = new Map()));
        byKid.set(hint.kid, key);
        return key;
      },
      (error: unknown) => {
        throw selectionError(error, hint);
      },
    );
  };
}

export const isUnknownKey = (error: unknown): boolean => error instanceof TokenError && error.detail.key === 'none_matching';
