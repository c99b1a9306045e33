// API Gateway's authorizer result cache: the whole answer is cached under the identity source values for
// the TTL, and each later request is judged by that cached answer (a REST API evaluates the cached
// policy against the request's own method ARN). Refusals ("Unauthorized") and failures are not cached.
// A TTL of 0 turns caching off.
import { createHash } from 'node:crypto';
import type { AuthorizerResult } from './rest-api-events';

/** Where an authorization came from: the result cache, or a call to the authorizer. */
export type AuthorizationSource = 'cache' | 'authorizer';

interface Entry<T> {
  readonly result: T;
  readonly expiresAt: number;
}

export class AuthorizerResultCache<T = AuthorizerResult> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  put(key: string, result: T): void {
    if (!this.enabled) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { result, expiresAt: this.now() + this.ttlSeconds * 1000 });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Identity values hold the caller's token; the cache keeps only a hash of them. */
export function identityCacheKey(values: readonly string[]): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(value).update('\0');
  return hash.digest('hex');
}
