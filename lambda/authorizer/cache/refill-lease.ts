// Who refills a tier-2 item that has just ended. A popular token's item ends for every instance at the same
// instant, and API Gateway's result cache hides the token until one of them answers: every request in that
// gap lands on its own instance, finds the item ended and would call the AS and write the item again (the
// fleet model's hot key: hundreds of PutItems on one key within a second at 100k requests/s). So an
// instance that finds an ended item without a live lease claims one (a conditional PutItem of the same item,
// no extra permission) while it asks the AS, so the claim adds no round trip to the refill; the winner
// writes the new item, an instance whose claim lost answers from its own AS call and writes nothing.
// Instances that read the lease wait for the new item by re-reading, and ask the AS themselves only when
// the lease ends without one or is given back. Nothing is served past its lifetime: a waiting instance uses
// only a new item, verified like any other. An item that is absent (a token nobody has stored yet) takes no
// lease: that path keeps its one GetItem before the AS call. Nor does an item that ended long ago: the burst
// comes when the gateway's cached answer for the token runs out, and that answer was cached while the item
// was fresh, so it runs out at most one gateway TTL after the item ended; a refill later than that is a
// lone one, and its claim would be a write that spares nobody a wait.

/** The rule's timings, shared with the fleet model (bench/fleet/simulate.ts). */
export const REFILL_LEASE = {
  /** The first re-read of a waiting instance, after it saw the lease; each next one waits twice as long. */
  firstRereadMs: 20,
  /**
   * How much later than one gateway TTL after the item ended a refill still claims: the gateway entry was
   * written when an answer reached API Gateway, up to a tier-2 read, an AS call and the answer's way back
   * after the item's own clock started, and the instances' clocks differ a little.
   */
  claimSlackMs: 1000,
} as const;

/**
 * Whether a refill of an item that ended at `endedAtMs` claims the lease: only within the gateway's result
 * cache TTL (plus the slack) of its end, where a burst of other instances can follow. Later, the refill
 * goes on as an absent item's does; an instance that reads a live lease still waits for it.
 */
export function claimsRefillLease(endedAtMs: number, nowMs: number, gatewayCacheTtlSeconds: number): boolean {
  return nowMs - endedAtMs <= gatewayCacheTtlSeconds * 1000 + REFILL_LEASE.claimSlackMs;
}

/**
 * How long a lease holds: as long as its holder can take to refill (its AS call up to the timeout, then
 * the PutItem up to the store timeout). A holder that dies keeps the others waiting no longer than a slow
 * AS would have; one that has nothing to store (the token is inactive, the AS failed) gives the lease up.
 */
export function refillLeaseMs(asTimeoutMs: number, storeTimeoutMs: number): number {
  return asTimeoutMs + storeTimeoutMs;
}

/**
 * When a waiting instance reads the item again, as delays from the moment it saw the lease: 20, 40, 80 ms
 * apart, the last one at the lease's end, so a refill is seen soon after it lands and the waiting costs a
 * few reads, never a write.
 */
export function rereadDelaysMs(leaseRemainingMs: number): number[] {
  const delays: number[] = [];
  let at = 0;
  for (let step = REFILL_LEASE.firstRereadMs; at < leaseRemainingMs; step *= 2) {
    at = Math.min(at + step, leaseRemainingMs);
    delays.push(at);
  }
  return delays;
}
