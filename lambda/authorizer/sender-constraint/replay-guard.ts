// Each DPoP proof is accepted once (RFC 9449 §11.1) across every authorizer instance: a memory tier
// refuses a replay to the same instance without I/O, and a conditional write to the shared table
// (jti-store.ts) decides for all of them. The memory entry is made before the write is awaited, so two
// concurrent uses on one instance cannot both pass. An entry lives until the proof's `iat` leaves the
// window; after that the proof is refused as stale anyway.
import { TokenError } from '../../shared/errors';
import { jtiKey, type JtiStore } from './jti-store';

export interface ReplayGuardOptions {
  /** The shared tier; without it the guard holds for this instance only. */
  readonly store?: JtiStore;
  readonly maxEntries: number;
  readonly now: () => number;
}

export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: ReplayGuardOptions) {}

  /** Resolves (or returns) when this is the proof's first use; throws ERR_DPOP_PROOF_REPLAYED otherwise. */
  claim(jkt: string, jti: string, expiresAtMs: number): void | Promise<void> {
    // The memory tier keys on the pair itself; only the shared tier needs the hashed, bounded key.
    const key = `${jkt}\u0000${jti}`;
    const nowMs = this.options.now();
    const seenUntil = this.seen.get(key);
    if (seenUntil !== undefined && seenUntil > nowMs) throw replayed('memory');
    this.remember(key, expiresAtMs, nowMs);
    if (!this.options.store) return;
    return this.options.store.claim(jtiKey(jkt, jti), expiresAtMs).then((first) => {
      if (!first) throw replayed('dynamodb');
    });
  }

  private remember(key: string, expiresAtMs: number, nowMs: number): void {
    if (this.seen.size >= this.options.maxEntries) {
      for (const [old, until] of this.seen) if (until <= nowMs) this.seen.delete(old);
      // Still full of live entries: drop the oldest. The shared tier, when there is one, still decides.
      if (this.seen.size >= this.options.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    }
    this.seen.delete(key);
    this.seen.set(key, expiresAtMs);
  }
}

function replayed(tier: 'memory' | 'dynamodb'): TokenError {
  return new TokenError('ERR_DPOP_PROOF_REPLAYED', 'the DPoP proof was used before', { tier });
}
