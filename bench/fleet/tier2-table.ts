// The DynamoDB tier as the fleet model sees it: one item per token, which outlives its end (DynamoDB
// deletes expired items hours later, so an ended item is still there to take a refill lease on), and the
// refill leases (lambda/authorizer/cache/refill-lease.ts). The model computes each request's whole path
// when it arrives, so a refill lands "in the future": an item stored from a later moment keeps the end of
// the one it replaced, and a read before it lands still finds the ended item.

export interface Window {
  readonly fromMs: number;
  readonly untilMs: number;
}

interface Item extends Window {
  /** The item this one replaced, which reads before this one lands still find. */
  readonly replaced?: Window;
}

interface Lease {
  /** When the claim's conditional PutItem lands (others' reads see the lease from then). */
  readonly fromMs: number;
  readonly untilMs: number;
  /** When the holder gave it back (nothing to store). */
  releasedAtMs?: number;
}

export type ItemState = 'fresh' | 'ended' | 'absent';

export class Tier2Table {
  private readonly items = new Map<number, Item>();
  private readonly leases = new Map<number, Lease>();

  /** The item a read at `atMs` finds. */
  state(key: number, atMs: number): ItemState {
    const item = this.itemAt(key, atMs);
    if (item === undefined) return 'absent';
    return atMs < item.untilMs ? 'fresh' : 'ended';
  }

  /** When the item a read at `atMs` finds ended, if it has. */
  endedAt(key: number, atMs: number): number | undefined {
    const item = this.itemAt(key, atMs);
    return item !== undefined && item.untilMs <= atMs ? item.untilMs : undefined;
  }

  /** The item fresh at `atMs`, if any. */
  fresh(key: number, atMs: number): Window | undefined {
    const item = this.itemAt(key, atMs);
    return item !== undefined && atMs < item.untilMs ? item : undefined;
  }

  private itemAt(key: number, atMs: number): Window | undefined {
    const item = this.items.get(key);
    if (item === undefined || item.fromMs <= atMs) return item;
    return item.replaced !== undefined && item.replaced.fromMs <= atMs ? item.replaced : undefined;
  }

  /**
   * A PutItem landing at `entry.fromMs`. Overlapping writes (calls that overlapped) keep the moment the
   * first one landed and take the later lifetime; a new item replaces an ended one, and its lease with it.
   */
  store(key: number, entry: Window): void {
    const current = this.items.get(key);
    if (current !== undefined && current.fromMs <= entry.fromMs && entry.fromMs < current.untilMs) {
      this.items.set(key, { ...current, untilMs: entry.untilMs });
      return;
    }
    this.items.set(key, { ...entry, replaced: current === undefined ? undefined : { fromMs: current.fromMs, untilMs: current.untilMs } });
  }

  /** A lease another instance holds on the ended item, seen by a read at `atMs`: its end, or undefined. */
  leaseSeenAt(key: number, atMs: number): number | undefined {
    const lease = this.leases.get(key);
    if (lease === undefined || this.state(key, atMs) !== 'ended') return undefined;
    const live = lease.fromMs <= atMs && atMs < lease.untilMs && !(lease.releasedAtMs !== undefined && lease.releasedAtMs <= atMs);
    return live ? lease.untilMs : undefined;
  }

  /**
   * The conditional PutItem of a claim landing at `landsAtMs`: it wins unless another lease is live then or
   * the item was refilled meanwhile. Requests are simulated in arrival order and every claim takes the
   * same time, so an earlier claim always lands first.
   */
  claim(key: number, landsAtMs: number, untilMs: number): boolean {
    if (this.state(key, landsAtMs) !== 'ended' || this.leaseSeenAt(key, landsAtMs) !== undefined) return false;
    this.leases.set(key, { fromMs: landsAtMs, untilMs });
    return true;
  }

  release(key: number, atMs: number): void {
    const lease = this.leases.get(key);
    if (lease !== undefined) lease.releasedAtMs = atMs;
  }

  /** Leases that ended go, so long runs stay within memory. Items stay: DynamoDB keeps them too. */
  prune(nowMs: number): void {
    for (const [key, lease] of this.leases) if (lease.untilMs <= nowMs) this.leases.delete(key);
  }
}
