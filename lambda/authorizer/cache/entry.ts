// What the cache holds for a token: the verified identity (never the token), or the fact that the token is
// inactive. Lifetimes are absolute: set once when the AS answers, never extended by reads.
import type { VerifiedIdentity } from '../exchange/types';

export type CacheEntry =
  | { readonly active: true; readonly identity: VerifiedIdentity; readonly expiresAtMs: number }
  | { readonly active: false; readonly expiresAtMs: number };

export interface LifetimeInputs {
  readonly nowMs: number;
  /** The JWT's (or introspected token's) expiry. */
  readonly tokenExpiresAtMs: number;
  /** The AS's `Cache-Control: max-age`, when it sent one. */
  readonly maxAgeSeconds?: number;
  readonly capSeconds: number;
}

/** min(token expiry, AS max-age, configured cap). */
export function entryExpiry(inputs: LifetimeInputs): number {
  const candidates = [inputs.tokenExpiresAtMs, inputs.nowMs + inputs.capSeconds * 1000];
  if (inputs.maxAgeSeconds !== undefined) candidates.push(inputs.nowMs + inputs.maxAgeSeconds * 1000);
  return Math.min(...candidates);
}

export function isFresh(entry: CacheEntry, nowMs: number): boolean {
  return entry.expiresAtMs > nowMs;
}
