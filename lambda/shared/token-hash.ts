// Tokens are never stored or logged: caches and logs use a domain-separated SHA-256 of the token.
// The domain prefix keeps these hashes from being reused as, or confused with, hashes made elsewhere.
import { hash as oneShotHash } from 'node:crypto';

export type HashDomain = 'cache' | 'validator';

export function tokenHash(token: string, domain: HashDomain = 'cache'): string {
  // One-shot crypto.hash: about a third cheaper than createHash().update().digest() on the validator's
  // per-request path; the digest is the same (the prefix and the token are hashed as one string).
  return oneShotHash('sha256', `cdk-phantom-token:${domain}:${token}`, 'hex');
}

/** What logs carry: enough to correlate lines, too little to look anything up. */
export function tokenHashPrefix(hash: string): string {
  return hash.slice(0, 12);
}
