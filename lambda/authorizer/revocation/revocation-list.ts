// The revocations an authorizer instance knows of, and the one question asked of them on every decision:
// does a revocation refuse this cache entry? Keys are hashes (revocation.ts); an entry's own keys are
// computed once per identity object, and an empty list costs one size check.
import {
  refusesOnlyEarlierTokens,
  revocationKey,
  revocationValueHash,
  type Revocation,
  type RevocationKind,
} from '../../shared/revocation';
import type { VerifiedIdentity } from '../exchange/types';

export interface Refusal {
  readonly kind: RevocationKind;
  /** Set on the first refusal by this revocation in this instance: from its `atMs` to now. */
  readonly firstRefusalDelayMs?: number;
}

export class RevocationList {
  private readonly byKey = new Map<string, Revocation>();
  private readonly refusedOnce = new WeakSet<Revocation>();
  private readonly keysByIdentity = new WeakMap<VerifiedIdentity, readonly string[]>();

  get size(): number {
    return this.byKey.size;
  }

  add(revocation: Revocation, nowMs: number): void {
    if (revocation.expiresAtMs <= nowMs) return;
    const key = revocationKey(revocation.kind, revocation.hash);
    const known = this.byKey.get(key);
    // A later revocation of the same key refuses more (a later cut-off); keep that one.
    if (!known || known.atMs <= revocation.atMs) this.byKey.set(key, revocation);
  }

  prune(nowMs: number): void {
    for (const [key, revocation] of this.byKey) if (revocation.expiresAtMs <= nowMs) this.byKey.delete(key);
  }

  clear(): void {
    this.byKey.clear();
  }

  refusal(tokenHash: string, identity: VerifiedIdentity, nowMs: number): Refusal | undefined {
    if (this.byKey.size === 0) return undefined;
    const byToken = this.byKey.get(revocationKey('token', tokenHash));
    if (byToken && byToken.expiresAtMs > nowMs) return this.refused(byToken, nowMs);
    for (const key of this.keysOf(identity)) {
      const revocation = this.byKey.get(key);
      if (!revocation || revocation.expiresAtMs <= nowMs) continue;
      if (refusesOnlyEarlierTokens(revocation.kind) && identity.issuedAtMs !== undefined && identity.issuedAtMs > revocation.atMs) continue;
      return this.refused(revocation, nowMs);
    }
    return undefined;
  }

  private refused(revocation: Revocation, nowMs: number): Refusal {
    if (this.refusedOnce.has(revocation)) return { kind: revocation.kind };
    this.refusedOnce.add(revocation);
    return { kind: revocation.kind, firstRefusalDelayMs: Math.max(0, nowMs - revocation.atMs) };
  }

  private keysOf(identity: VerifiedIdentity): readonly string[] {
    let keys = this.keysByIdentity.get(identity);
    if (keys === undefined) {
      const named: Array<[Exclude<RevocationKind, 'token'>, string | undefined]> = [
        ['sub', identity.sub],
        ['client_id', identity.clientId],
        ['sid', identity.sid],
        ['jti', identity.jti],
        ['email', identity.email],
      ];
      keys = named.filter(([, value]) => value !== undefined).map(([kind, value]) => revocationKey(kind, revocationValueHash(kind, value!)));
      this.keysByIdentity.set(identity, keys);
    }
    return keys;
  }
}
