// The fleet model: every request of a scenario, in arrival order, through API Gateway's result cache, an
// instance (a warm idle one, else a cold start within Lambda's scale-out budget), the memory tier, tier 2
// and the AS, with the authorizer's rules (token-cache.ts): lifetimes min(token expiry, cap), negative
// answers in memory only, a failed tier-2 read keeps a refusal for the cap, a failed exchange caches
// nothing, single flight within one process, and an ended tier-2 item refilled by one instance under a
// lease while the others re-read (refill-lease.ts, the same timings). A result becomes visible to later
// requests when the call that produced it completes. No network, no clock: the same scenario and seed
// give the same figures.
import { claimsRefillLease, refillLeaseMs, rereadDelaysMs } from '../../lambda/authorizer/cache/refill-lease';
import { seededRandom } from '../harness/zipf';
import { MinHeap } from './min-heap';
import type { FaultKind, Scenario } from './scenario';
import { Tier2Table, type Window } from './tier2-table';
import { TokenPopulation } from './token-population';

interface Instance {
  busyUntilMs: number;
  readonly memory: Map<number, Window & { readonly active: boolean }>;
  /** Single-process fleets only: AS calls in flight, by token. */
  readonly pending: Map<number, number>;
}

/** Counts over a span of the run. */
export interface FleetCounts {
  seconds: number;
  requests: number;
  gatewayHits: number;
  invocations: number;
  refusedEarly: number;
  memoryHits: number;
  negativeHits: number;
  dynamoDbHits: number;
  /** Requests that made an AS call themselves. */
  asCalls: number;
  /** Refill lease claims on ended tier-2 items and lease give-backs: conditional PutItems, apart from dynamoDbWrites (the value PutItems). */
  leaseWrites: number;
  /** Claims that won the lease. */
  leasesWon: number;
  /** Requests that waited for another instance's refill, and those the refill then served. */
  leaseWaits: number;
  leaseWaitsServed: number;
  /** Requests that waited on another request's AS call in the same process (single flight). */
  joined: number;
  /** AS calls that failed (AS down or slower than the timeout): nothing cached. */
  asFailures: number;
  /** Of those, the calls made while the AS was down: refused before the AS saw them. */
  asRefused: number;
  dynamoDbReads: number;
  dynamoDbWrites: number;
  coldStarts: number;
  throttled: number;
  /** Requests that waited on an AS call (their own or a joined one). */
  paidMiss: number;
  /** Sum over invocations of the duration rounded up to the ms, as Lambda bills it. */
  billedMs: number;
  /** Sum of cold-start init ms (billed since August 2025). */
  initMs: number;
  /** The largest number of tier-2 reads / writes (lease writes included) one key took within one simulated second. */
  hottestKeyReadsPerSecond: number;
  hottestKeyWritesPerSecond: number;
  /** AS calls in the busiest second. */
  peakAsCallsPerSecond: number;
  peakInstances: number;
}

export interface FleetResult {
  readonly startup: FleetCounts;
  readonly steady: FleetCounts;
  readonly instances: number;
}

const emptyCounts = (): FleetCounts => ({
  seconds: 0, requests: 0, gatewayHits: 0, invocations: 0, refusedEarly: 0, memoryHits: 0, negativeHits: 0, dynamoDbHits: 0, asCalls: 0, leaseWrites: 0, leasesWon: 0,
  leaseWaits: 0, leaseWaitsServed: 0, joined: 0,
  asFailures: 0, asRefused: 0, dynamoDbReads: 0, dynamoDbWrites: 0, coldStarts: 0, throttled: 0, paidMiss: 0, billedMs: 0, initMs: 0,
  hottestKeyReadsPerSecond: 0, hottestKeyWritesPerSecond: 0, peakAsCallsPerSecond: 0, peakInstances: 0,
});

const visible = (entry: Window | undefined, nowMs: number) => entry !== undefined && entry.fromMs <= nowMs && nowMs < entry.untilMs;

export function simulateFleet(scenario: Scenario): FleetResult {
  const random = seededRandom(scenario.seed);
  const population = new TokenPopulation(scenario.classes, random);
  const { cache, durations, fleet } = scenario;
  const gateway = new Map<number, Window>();
  const table = new Tier2Table();
  const leaseMs = refillLeaseMs(cache.asTimeoutMs, cache.storeTimeoutMs);
  const instances = new MinHeap<Instance>((instance) => instance.busyUntilMs);
  const newInstance = (): Instance => ({ busyUntilMs: 0, memory: new Map(), pending: new Map() });
  let instanceCount = 0;
  if (fleet.mode === 'single-process') {
    instances.push(newInstance());
    instanceCount = 1;
  }
  let scaleBudget = fleet.mode === 'lambda' ? fleet.burstInstances : 0;
  const faults = scenario.faults ?? [];
  const faultAt = (kind: FaultKind, ms: number) => faults.length > 0 && faults.some((fault) => fault.kind === kind && fault.fromSeconds * 1000 <= ms && ms < fault.toSeconds * 1000);

  const startup = emptyCounts();
  const steady = emptyCounts();
  let readsThisSecond = new Map<number, number>();
  let writesThisSecond = new Map<number, number>();
  let asCallsThisSecond = 0;
  const bump = (counter: Map<number, number>, key: number) => counter.set(key, (counter.get(key) ?? 0) + 1);

  for (let second = 0; second < scenario.rpsBySecond.length; second++) {
    const counts = second < scenario.warmupSeconds ? startup : steady;
    counts.seconds += 1;
    const rate = scenario.rpsBySecond[second];
    if (fleet.mode === 'lambda') scaleBudget = Math.min(fleet.burstInstances, scaleBudget + fleet.scaleOutPerSecond);
    for (let i = 0; i < rate; i++) {
      const nowMs = second * 1000 + ((i + random()) / rate) * 1000;
      counts.requests += 1;
      const token = population.draw(nowMs);
      const tokenClass = scenario.classes[token.classIndex];
      const key = token.key;
      if (visible(gateway.get(key), nowMs)) {
        counts.gatewayHits += 1;
        continue;
      }
      // An instance: the top of the heap if idle; otherwise a cold start, or a throttle past the budget.
      let instance = instances.peek();
      let initMs = 0;
      if (fleet.mode === 'lambda' && (instance === undefined || instance.busyUntilMs > nowMs)) {
        if (scaleBudget < 1) {
          counts.throttled += 1;
          continue;
        }
        scaleBudget -= 1;
        instance = newInstance();
        instanceCount += 1;
        initMs = durations.coldStartMs;
        counts.coldStarts += 1;
        counts.initMs += initMs;
      } else {
        instances.pop();
      }
      instance = instance!;
      counts.invocations += 1;
      const startMs = nowMs + initMs;
      let busyMs: number;
      const isActive = tokenClass.kind === 'active' || tokenClass.kind === 'unique-active' || (tokenClass.kind === 'revoked' && startMs < (tokenClass.revokedAtSeconds ?? Infinity) * 1000);
      const remembered = instance.memory.get(key);
      const renewsEarly = (entry: Window | undefined) =>
        cache.refreshAhead !== undefined && entry !== undefined && entry.untilMs - startMs < cache.refreshAhead.seconds * 1000 && random() < cache.refreshAhead.probability;
      if (tokenClass.kind === 'refused-early') {
        counts.refusedEarly += 1;
        busyMs = durations.memoryHitMs;
      } else if (remembered !== undefined && visible(remembered, startMs) && !(remembered.active && renewsEarly(remembered))) {
        // LRU: a hit moves to the end.
        instance.memory.delete(key);
        instance.memory.set(key, remembered);
        if (remembered.active) {
          counts.memoryHits += 1;
          publish(gateway, key, { fromMs: startMs + durations.memoryHitMs, untilMs: startMs + durations.memoryHitMs + cache.resultsCacheTtlSeconds * 1000 });
        } else {
          counts.negativeHits += 1;
        }
        busyMs = durations.memoryHitMs;
      } else if (fleet.mode === 'single-process' && (instance.pending.get(key) ?? 0) > startMs) {
        counts.joined += 1;
        counts.paidMiss += 1;
        busyMs = instance.pending.get(key)! - startMs;
      } else {
        let readFailed = false;
        let elapsedMs = 0;
        let stored: Window | undefined;
        let endedAtMs: number | undefined;
        if (cache.dynamoDb) {
          counts.dynamoDbReads += 1;
          bump(readsThisSecond, key);
          readFailed = faultAt('dynamodb-down', startMs);
          stored = readFailed ? undefined : table.fresh(key, startMs);
          endedAtMs = readFailed ? undefined : table.endedAt(key, startMs);
        }
        const serveStored = (atMs: number, item: Window) => {
          counts.dynamoDbHits += 1;
          remember(instance, key, { fromMs: atMs, untilMs: item.untilMs, active: true }, cache.memoryEntries);
          publish(gateway, key, { fromMs: atMs, untilMs: atMs + cache.resultsCacheTtlSeconds * 1000 });
        };
        // An ended item: claim its refill lease while asking the AS (only if it ended recently enough for a
        // burst to follow), or wait for the holder's new item (token-cache.ts claimOrWait).
        let holdsLease = false;
        let lostClaim = false;
        let servedAtMs: number | undefined;
        let asFromMs = startMs + (cache.dynamoDb ? durations.dynamoDbMissMs : 0);
        if (stored === undefined && endedAtMs !== undefined && cache.refillLease) {
          const seenAtMs = asFromMs;
          const waitUntilMs = table.leaseSeenAt(key, startMs);
          if (waitUntilMs === undefined && claimsRefillLease(endedAtMs, seenAtMs, cache.resultsCacheTtlSeconds)) {
            counts.leaseWrites += 1;
            bump(writesThisSecond, key);
            holdsLease = table.claim(key, seenAtMs + durations.dynamoDbMissMs, seenAtMs + leaseMs);
            lostClaim = !holdsLease;
            if (holdsLease) counts.leasesWon += 1;
          } else if (waitUntilMs !== undefined) {
            counts.leaseWaits += 1;
            for (const delayMs of rereadDelaysMs(waitUntilMs - seenAtMs)) {
              const readAtMs = Math.max(asFromMs, seenAtMs + delayMs);
              counts.dynamoDbReads += 1;
              bump(readsThisSecond, key);
              const refilled = table.fresh(key, readAtMs);
              asFromMs = readAtMs + durations.dynamoDbMissMs;
              if (refilled !== undefined) {
                counts.leaseWaitsServed += 1;
                servedAtMs = readAtMs + durations.dynamoDbHitMs;
                serveStored(servedAtMs, refilled);
                break;
              }
              if (table.leaseSeenAt(key, readAtMs) === undefined) break;
            }
          }
        }
        if (servedAtMs !== undefined) {
          elapsedMs = servedAtMs - startMs;
        } else if (stored !== undefined && !renewsEarly(stored)) {
          elapsedMs = durations.dynamoDbHitMs;
          serveStored(startMs + elapsedMs, stored);
        } else {
          counts.asCalls += 1;
          counts.paidMiss += 1;
          asCallsThisSecond += 1;
          // A refused connection fails at once (1 ms); a slow AS holds the call until the authorizer's timeout.
          const callMs = faultAt('as-slow', startMs) ? cache.asTimeoutMs : faultAt('as-down', startMs) ? 1 : durations.asCallMs;
          let doneMs = asFromMs + callMs + (callMs === durations.asCallMs ? durations.missOverheadMs : 0);
          if (fleet.mode === 'single-process') instance.pending.set(key, doneMs);
          if (instance.pending.size > 10_000) for (const [pendingKey, untilMs] of instance.pending) if (untilMs <= startMs) instance.pending.delete(pendingKey);
          if (callMs !== durations.asCallMs) {
            counts.asFailures += 1;
            if (callMs === 1) counts.asRefused += 1;
          } else if (isActive) {
            const untilMs = Math.min(token.expiresAtMs, doneMs + cache.capSeconds * 1000);
            remember(instance, key, { fromMs: doneMs, untilMs, active: true }, cache.memoryEntries);
            // A lost claim: the lease holder writes the item, this answer serves this request only.
            if (cache.dynamoDb && !lostClaim) {
              counts.dynamoDbWrites += 1;
              bump(writesThisSecond, key);
              if (!faultAt('dynamodb-down', doneMs)) table.store(key, { fromMs: doneMs, untilMs });
            }
            publish(gateway, key, { fromMs: doneMs, untilMs: doneMs + cache.resultsCacheTtlSeconds * 1000 });
            holdsLease = false; // the new item replaces the lease
          } else if (cache.negativeSeconds > 0) {
            const negativeMs = (readFailed ? Math.max(cache.negativeSeconds, cache.capSeconds) : cache.negativeSeconds) * 1000;
            remember(instance, key, { fromMs: doneMs, untilMs: doneMs + negativeMs, active: false }, cache.memoryEntries);
          }
          if (holdsLease) {
            // Nothing to store: the holder gives the lease back (one more conditional PutItem).
            counts.leaseWrites += 1;
            bump(writesThisSecond, key);
            doneMs += durations.dynamoDbMissMs;
            table.release(key, doneMs);
          }
          elapsedMs = doneMs - startMs;
        }
        busyMs = elapsedMs;
      }
      counts.billedMs += Math.ceil(busyMs + initMs);
      if (fleet.mode === 'lambda') instance.busyUntilMs = startMs + busyMs;
      instances.push(instance);
    }
    // The second is over: the hottest key and the busiest second so far.
    counts.hottestKeyReadsPerSecond = Math.max(counts.hottestKeyReadsPerSecond, maxValue(readsThisSecond));
    counts.hottestKeyWritesPerSecond = Math.max(counts.hottestKeyWritesPerSecond, maxValue(writesThisSecond));
    counts.peakAsCallsPerSecond = Math.max(counts.peakAsCallsPerSecond, asCallsThisSecond);
    counts.peakInstances = Math.max(counts.peakInstances, instanceCount);
    readsThisSecond = new Map();
    writesThisSecond = new Map();
    asCallsThisSecond = 0;
    if (second % 10 === 9) {
      prune(gateway, (second + 1) * 1000);
      table.prune((second + 1) * 1000);
    }
  }
  return { startup, steady, instances: instanceCount };
}

/**
 * A result stored when its call completes. Calls that overlap (requests that missed while another's call
 * was in flight) each store theirs, but the entry is visible from the first completion on: a later write
 * replaces the lifetime, not the moment the cache began to answer.
 */
function publish(map: Map<number, Window>, key: number, entry: Window): void {
  const current = map.get(key);
  map.set(key, current !== undefined && current.fromMs <= entry.fromMs && entry.fromMs < current.untilMs ? { fromMs: current.fromMs, untilMs: entry.untilMs } : entry);
}

function remember(instance: Instance, key: number, entry: Window & { readonly active: boolean }, capacity: number): void {
  if (capacity <= 0) return;
  instance.memory.delete(key);
  instance.memory.set(key, entry);
  if (instance.memory.size > capacity) instance.memory.delete(instance.memory.keys().next().value as number);
}

/** Expired gateway entries go, so long runs stay within memory (they could never be visible again). */
function prune(gateway: Map<number, Window>, nowMs: number): void {
  for (const [key, entry] of gateway) if (entry.untilMs <= nowMs) gateway.delete(key);
}

function maxValue(counter: Map<number, number>): number {
  let max = 0;
  for (const value of counter.values()) if (value > max) max = value;
  return max;
}
