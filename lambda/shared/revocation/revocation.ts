// What a revocation names, and how both sides spell it. A revocation never holds a raw value: the token
// kind carries the token's cache hash (token-hash.ts), every other kind a domain-separated SHA-256 of the
// value (a `sub`, a `client_id`, ...), so the table and the authorizer's memory hold hashes only.
import { hash } from 'node:crypto';

/** What a revocation matches: one token, or everything of a subject, client, session, phantom JWT or e-mail. */
export const REVOCATION_KINDS = ['token', 'sub', 'client_id', 'sid', 'jti', 'email'] as const;
export type RevocationKind = (typeof REVOCATION_KINDS)[number];

export interface Revocation {
  readonly kind: RevocationKind;
  /** `token`: the token's cache hash; otherwise `revocationValueHash(kind, value)`. */
  readonly hash: string;
  /**
   * When the revocation took effect (epoch ms). For `sub`, `client_id`, `sid` and `email` it refuses
   * tokens issued at or before this instant only, so a user who signs in again is not refused; a token
   * or a `jti` is refused whenever it is seen.
   */
  readonly atMs: number;
  /** After this instant no cache entry it could match is left (epoch ms). */
  readonly expiresAtMs: number;
}

export function revocationValueHash(kind: Exclude<RevocationKind, 'token'>, value: string): string {
  // E-mail addresses are compared without case on every side (a SET, an operator call, a JWT claim), so
  // the one hash they all go through lowercases them.
  const compared = kind === 'email' ? value.toLowerCase() : value;
  return hash('sha256', `cdk-phantom-token:revocation:${kind}:${compared}`, 'hex');
}

/** The key the authorizer's revocation list and its matcher share. */
export function revocationKey(kind: RevocationKind, valueHash: string): string {
  return `${kind}:${valueHash}`;
}

/** Kinds that refuse only tokens issued at or before the revocation. */
export function refusesOnlyEarlierTokens(kind: RevocationKind): boolean {
  return kind === 'sub' || kind === 'client_id' || kind === 'sid' || kind === 'email';
}
