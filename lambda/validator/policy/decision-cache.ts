// A short, bounded memory of decisions, keyed by the whole request sent to the engine (so a decision is
// reused only for the very same principal, claims, action, resource and context). Entries live `ttlMs`;
// past `maxEntries` the oldest is dropped. Only decisions are kept, never a failure.
import { createHash } from 'node:crypto';
import type { PolicyDecision } from './policy-decision';

export class DecisionCache<TDecision = PolicyDecision> {
  private readonly entries = new Map<string, { readonly decision: TDecision; readonly expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  static keyOf(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
  }

  get(key: string): TDecision | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.decision;
  }

  set(key: string, decision: TDecision): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { decision, expiresAt: this.now() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
