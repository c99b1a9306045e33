// Tokens are never stored or logged: caches and logs use a domain-separated SHA-256 of the token.
// The domain prefix keeps these hashes from being reused as, or confused with, hashes made elsewhere.
import { createHash } from 'node:crypto';

export type HashDomain = 'cache' | 'validator';

export function tokenHash(token: string, domain: HashDomain = 'cache'): string {
  return createHash('sha256').update(`cdk-phantom-token:${domain}:`).update(token).digest('hex');
}

/** What logs carry: enough to correlate lines, too little to look anything up. */
export function tokenHashPrefix(hash: string): string {
  return hash.slice(0, 12);
}
