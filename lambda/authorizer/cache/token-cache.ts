// The two-tier cache in front of the AS: memory (per instance, LRU), then DynamoDB (shared), then the AS.
// Concurrent misses for one token share one AS call (single flight). Inactive tokens are remembered in
// memory for a few seconds. A failed exchange caches nothing; a failing DynamoDB only costs an AS call.
// A DynamoDB item is re-verified before use (storedEntry below): the table is shared storage, not proof.
// An item that has just ended is refilled by one instance under a lease while the others wait for it
// (refill-lease.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { CacheTier } from '../../shared/decision-log';
import type { ExchangeOutcome, VerifyPhantomJwt } from '../exchange/types';
import type { CacheStore, EndedItem } from './dynamodb-store';
import { entryExpiry, isFresh, type CacheEntry } from './entry';
import { claimsRefillLease, rereadDelaysMs } from './refill-lease';
import type { LruCache } from '../../shared/lru';

export interface CacheLookup {
  readonly entry: CacheEntry;
  readonly tier: CacheTier;
  readonly asLatencyMs?: number;
}

/** What a lookup tells its caller while it runs, so a failure can still be logged with what was known. */
export interface LookupObserver {
  /** This request waits on another request's fill of the same token (single flight). */
  readonly onJoin?: () => void;
  /** This request calls the AS itself: every tier missed. */
  readonly onAsCall?: () => void;
}

export interface TokenCacheOptions {
  readonly memory: LruCache<CacheEntry>;
  readonly store?: CacheStore;
  readonly now: () => number;
  readonly capSeconds: number;
  readonly negativeSeconds: number;
  /** How long a refill lease on an ended tier-2 item holds (refillLeaseMs in refill-lease.ts). */
  readonly refillLeaseMs: number;
  /** API Gateway's result cache TTL for this authorizer: an item that ended longer ago takes no lease (claimsRefillLease). */
  readonly gatewayCacheTtlSeconds: number;
  /** The exchange mode's own JWT verification, applied again to every tier-2 entry before it is used. */
  readonly verifyStored: VerifyPhantomJwt;
  /** Told when tier 2 fails; the request goes on without it. */
  readonly onStoreFailure: (operation: 'get' | 'put', error: unknown) => void;
  /** Told when a tier-2 entry fails verification; it is treated as a miss. */
  readonly onStoredRejected: (error: unknown) => void;
}

export class TokenCache {
  private readonly inFlight = new Map<string, Promise<CacheLookup>>();

  constructor(private readonly options: TokenCacheOptions) {}

  /**
   * The memory tier alone, synchronously: the warm path costs no promise and no microtask. Undefined when
   * the memory tier cannot answer (absent or expired); `lookup` then goes on to the other tiers.
   */
  fromMemory(hash: string): CacheLookup | undefined {
    const { memory, now } = this.options;
    const cached = memory.get(hash);
    if (cached === undefined) return undefined;
    if (isFresh(cached, now())) return { entry: cached, tier: cached.active ? 'memory' : 'negative' };
    memory.delete(hash);
    return undefined;
  }

  /** Drops a token's memory entry (a revocation names it). */
  forget(hash: string): void {
    this.options.memory.delete(hash);
  }

  /**
   * Every tier, then the AS. A request that finds another one already filling this token waits for that
   * fill instead of calling the AS itself (single flight); `observer.onJoin` tells it so before it waits,
   * and its lookup then carries no AS latency: the call was the other request's.
   */
  async lookup(hash: string, token: string, exchange: (token: string) => Promise<ExchangeOutcome>, observer: LookupObserver = {}): Promise<CacheLookup> {
    const hit = this.fromMemory(hash);
    if (hit) return hit;
    const pending = this.inFlight.get(hash);
    if (pending) {
      observer.onJoin?.();
      const { entry, tier } = await pending;
      return { entry, tier };
    }
    const lookup = this.fill(hash, token, exchange, observer).finally(() => this.inFlight.delete(hash));
    this.inFlight.set(hash, lookup);
    return lookup;
  }

  private async fill(hash: string, token: string, exchange: (token: string) => Promise<ExchangeOutcome>, observer: LookupObserver): Promise<CacheLookup> {
    const { memory, store, now } = this.options;
    const read = await this.readStore(hash, token);
    const { stored, claim, readFailed } = read.ended ? await this.claimOrWait(hash, token, read.ended) : read;
    if (stored) {
      memory.set(hash, stored);
      return { entry: stored, tier: 'dynamodb' };
    }
    observer.onAsCall?.();
    let outcome: ExchangeOutcome;
    try {
      outcome = await exchange(token);
    } catch (error) {
      await this.giveBack(claim);
      throw error;
    }
    const nowMs = now();
    if (!outcome.active) {
      await this.giveBack(claim);
      // After a failed tier-2 read an item stored while the token was active may still be there, unseen;
      // remembering the refusal only for the negative TTL would let the next read serve that item again.
      // So the refusal is kept as long as such an item could live (the cap).
      const negativeSeconds = readFailed ? Math.max(this.options.negativeSeconds, this.options.capSeconds) : this.options.negativeSeconds;
      const entry: CacheEntry = { active: false, expiresAtMs: nowMs + negativeSeconds * 1000 };
      if (negativeSeconds > 0) memory.set(hash, entry);
      return { entry, tier: 'miss', asLatencyMs: outcome.asLatencyMs };
    }
    const expiresAtMs = entryExpiry({
      nowMs,
      tokenExpiresAtMs: outcome.identity.expiresAtMs,
      maxAgeSeconds: outcome.maxAgeSeconds,
      capSeconds: this.options.capSeconds,
    });
    const entry: CacheEntry = { active: true, identity: outcome.identity, expiresAtMs };
    if (expiresAtMs > nowMs) {
      memory.set(hash, entry);
      // The new item replaces the ended one and its lease with it. A claim another instance beat holds
      // this answer to this instance: the lease holder writes the item.
      if (store && (await claim?.outcome) !== 'lost') await store.put(hash, token, entry).catch((error) => this.options.onStoreFailure('put', error));
    } else {
      await this.giveBack(claim);
    }
    return { entry, tier: 'miss', asLatencyMs: outcome.asLatencyMs };
  }

  private async readStore(hash: string, token: string): Promise<StoreLookup & { ended?: EndedItem }> {
    if (!this.options.store) return { readFailed: false };
    try {
      const read = await this.options.store.get(hash, token, this.options.now());
      if (read.state === 'ended') return { ended: read.item, readFailed: false };
      return { stored: read.state === 'fresh' ? await this.storedEntry(read.value) : undefined, readFailed: false };
    } catch (error) {
      this.options.onStoreFailure('get', error);
      return { readFailed: true };
    }
  }

  /**
   * An ended item. Without a live lease on it, this instance claims one and asks the AS at the same time
   * (the claim costs the miss no round trip). Under another instance's lease it waits for that holder's
   * new item, re-reading until the lease ends; it never serves the ended item itself. Waiting ends early
   * when the lease is given back or the item goes; then, or when the lease ends unrefilled, this instance
   * asks the AS itself, so a lost holder delays it by one lease at most. An item that ended too long ago
   * for a burst to follow (claimsRefillLease) is refilled without a claim, as an absent one is.
   */
  private async claimOrWait(hash: string, token: string, ended: EndedItem): Promise<StoreLookup> {
    const { store, now, refillLeaseMs, gatewayCacheTtlSeconds, onStoreFailure } = this.options;
    const seenAtMs = now();
    const leaseUntilMs = ended.leaseUntilMs ?? 0;
    if (!(leaseUntilMs > seenAtMs)) {
      if (!claimsRefillLease(ended.endedAtMs, seenAtMs, gatewayCacheTtlSeconds)) return { readFailed: false };
      const untilMs = seenAtMs + refillLeaseMs;
      const outcome = store!.claimRefill(ended, untilMs, seenAtMs).then(
        (won) => (won ? ('won' as const) : ('lost' as const)),
        (error: unknown) => {
          onStoreFailure('put', error);
          return 'failed' as const;
        },
      );
      return { claim: { item: ended, untilMs, outcome }, readFailed: false };
    }
    for (const delayMs of rereadDelaysMs(leaseUntilMs - seenAtMs)) {
      await sleep(Math.max(0, seenAtMs + delayMs - now()));
      const read = await this.readStore(hash, token);
      // A failed re-read is a failed read: a new item may be there unseen (see the negative TTL in fill).
      if (read.stored || !(read.ended && (read.ended.leaseUntilMs ?? 0) > now())) return { stored: read.stored, readFailed: read.readFailed };
    }
    return { readFailed: false };
  }

  /** A won lease this instance has nothing to store for goes back at once, so nobody waits it out. */
  private async giveBack(claim: RefillClaim | undefined): Promise<void> {
    if (claim === undefined || (await claim.outcome) !== 'won') return;
    await this.options.store!.releaseRefill(claim.item, claim.untilMs).catch((error) => this.options.onStoreFailure('put', error));
  }

  /**
   * A tier-2 value as a cache entry, rebuilt from its JWT alone: the JWT is verified as if the AS had just
   * sent it, the identity (scopes, sub, client id, expiry) is read from the verified claims, and the
   * stored lifetime can only shorten it. Anything that does not verify, or whose stored identity
   * disagrees with its JWT (a tampered entry), is a miss. Tier 2 never holds inactive tokens.
   */
  private async storedEntry(stored: unknown): Promise<CacheEntry | undefined> {
    const { now } = this.options;
    const claimed = stored as Partial<{ active: unknown; expiresAtMs: unknown; identity: Partial<Record<'jwt' | 'scope' | 'sub' | 'clientId', unknown>> }>;
    const jwt = claimed?.identity?.jwt;
    const storedExpiresAtMs = claimed?.expiresAtMs;
    if (claimed?.active !== true || typeof jwt !== 'string' || typeof storedExpiresAtMs !== 'number') {
      // Also an item whose value did not decrypt for this token (the store's UNREADABLE_ENTRY).
      this.options.onStoredRejected(new StoredEntryRejected('ERR_JWT_INVALID'));
      return undefined;
    }
    if (!(storedExpiresAtMs > now())) return undefined;
    try {
      const identity = await this.options.verifyStored(jwt);
      const { scope, sub, clientId } = claimed.identity!;
      if (scope !== identity.scope || sub !== identity.sub || clientId !== identity.clientId) throw new StoredEntryRejected('ERR_CLAIM_MISMATCH');
      const expiresAtMs = Math.min(storedExpiresAtMs, identity.expiresAtMs);
      return expiresAtMs > now() ? { active: true, identity, expiresAtMs } : undefined;
    } catch (error) {
      this.options.onStoredRejected(error);
      return undefined;
    }
  }
}

/** What the tiers behind memory gave a fill: an entry to use, or a refill claim under way, and whether a read failed. */
interface StoreLookup {
  readonly stored?: CacheEntry;
  readonly claim?: RefillClaim;
  readonly readFailed: boolean;
}

/** A refill lease claimed on an ended item while the AS is asked; `failed`: DynamoDB did not answer. */
interface RefillClaim {
  readonly item: EndedItem;
  readonly untilMs: number;
  readonly outcome: Promise<'won' | 'lost' | 'failed'>;
}

/** A tier-2 value that is not what this authorizer writes: the shape is wrong, or its identity is not its JWT's. */
export class StoredEntryRejected extends Error {
  constructor(readonly code: 'ERR_JWT_INVALID' | 'ERR_CLAIM_MISMATCH') {
    super(code === 'ERR_JWT_INVALID' ? 'the tier-2 entry holds no JWT' : 'the tier-2 entry names another identity than its JWT');
    this.name = 'StoredEntryRejected';
  }
}
