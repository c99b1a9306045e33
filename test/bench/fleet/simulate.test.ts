import { DEFAULT_CACHE_RULES, LAMBDA_FLEET, type Scenario, type TokenClass } from '../../../bench/fleet/scenario';
import { simulateFleet } from '../../../bench/fleet/simulate';

const DURATIONS = { memoryHitMs: 1, dynamoDbHitMs: 5, dynamoDbMissMs: 5, asCallMs: 40, missOverheadMs: 5, coldStartMs: 100 };

function scenario(overrides: Partial<Scenario> & { classes: TokenClass[] }): Scenario {
  return {
    name: 'test',
    seed: 1,
    rpsBySecond: Array.from({ length: 10 }, () => 100),
    cache: DEFAULT_CACHE_RULES,
    durations: DURATIONS,
    fleet: { mode: 'single-process' },
    warmupSeconds: 0,
    ...overrides,
  };
}

const oneToken = (kind: TokenClass['kind'] = 'active'): TokenClass[] => [{ name: 'one', kind, share: 1, tokens: 1 }];

describe('simulateFleet', () => {
  it('gives the same figures for the same scenario and seed, and others for another seed', () => {
    const classes: TokenClass[] = [{ name: 'zipf', kind: 'active', share: 0.99, tokens: 500, zipfExponent: 1.1, lifetimeSeconds: 30 }, { name: 'junk', kind: 'unique-inactive', share: 0.01 }];
    const base = scenario({ classes, fleet: LAMBDA_FLEET, rpsBySecond: Array.from({ length: 20 }, () => 300) });
    expect(simulateFleet(base)).toEqual(simulateFleet(base));
    expect(simulateFleet({ ...base, seed: 2 })).not.toEqual(simulateFleet(base));
  });

  it('one process: one AS call for a token, the requests meanwhile join it, the gateway answers the rest', () => {
    const { steady } = simulateFleet(scenario({ classes: oneToken() }));
    expect(steady.requests).toBe(1000);
    expect(steady.asCalls).toBe(1);
    expect(steady.joined).toBeGreaterThan(0);
    expect(steady.gatewayHits + steady.joined + steady.asCalls + steady.memoryHits).toBe(1000);
    expect(steady.dynamoDbWrites).toBe(1);
  });

  it('the cap bounds every tier: one AS call per cap period when nothing else refreshes the token', () => {
    const cache = { ...DEFAULT_CACHE_RULES, resultsCacheTtlSeconds: 0, capSeconds: 10 };
    const { steady } = simulateFleet(scenario({ classes: oneToken(), cache, rpsBySecond: Array.from({ length: 60 }, () => 20) }));
    expect(steady.asCalls).toBe(6);
    expect(steady.memoryHits).toBe(1200 - 6 - steady.joined);
  });

  it('an inactive token is asked again after the negative TTL, never stored in DynamoDB nor the gateway', () => {
    const { steady } = simulateFleet(scenario({ classes: oneToken('inactive'), rpsBySecond: Array.from({ length: 20 }, () => 10) }));
    expect(steady.asCalls).toBe(4);
    expect(steady.dynamoDbWrites).toBe(0);
    expect(steady.gatewayHits).toBe(0);
    expect(steady.negativeHits).toBe(200 - 4 - steady.joined);
  });

  it('every unique token costs an AS call; refused-early requests cost none', () => {
    const classes: TokenClass[] = [{ name: 'junk', kind: 'unique-inactive', share: 0.5 }, { name: 'refused', kind: 'refused-early', share: 0.5 }];
    const { steady } = simulateFleet(scenario({ classes }));
    expect(steady.asCalls + steady.refusedEarly).toBe(1000);
    expect(steady.asCalls).toBeGreaterThan(400);
  });

  it('lambda: one request per instance, so a burst starts instances (cold starts) and DynamoDB serves the instances that never saw the token', () => {
    const { steady, instances } = simulateFleet(scenario({ classes: oneToken(), fleet: LAMBDA_FLEET, cache: { ...DEFAULT_CACHE_RULES, resultsCacheTtlSeconds: 1 } }));
    expect(steady.joined).toBe(0);
    expect(steady.coldStarts).toBe(instances);
    expect(instances).toBeGreaterThan(1);
    expect(steady.dynamoDbHits).toBeGreaterThan(0);
    // Requests during the first call (100 ms init + 50 ms) miss everywhere; afterwards the caches answer.
    expect(steady.asCalls).toBeLessThanOrEqual(100 * 0.15 + 1);
  });

  it('lambda: past the scale-out budget requests are throttled, not served', () => {
    const fleet = { mode: 'lambda' as const, scaleOutPerSecond: 0, burstInstances: 2 };
    const { steady, instances } = simulateFleet(scenario({ classes: oneToken('unique-inactive'), fleet }));
    expect(instances).toBe(2);
    expect(steady.throttled).toBeGreaterThan(0);
    expect(steady.invocations + steady.throttled).toBe(steady.requests);
  });

  it('AS down: nothing is cached, each request asks again; a failed tier-2 read keeps a refusal for the cap', () => {
    const faults = [{ kind: 'as-down' as const, fromSeconds: 0, toSeconds: 10 }];
    const down = simulateFleet(scenario({ classes: oneToken(), faults })).steady;
    expect(down.asFailures).toBe(down.asCalls);
    expect(down.asRefused).toBe(down.asCalls);
    expect(down.gatewayHits).toBe(0);
    const tableDown = simulateFleet(scenario({ classes: oneToken('inactive'), faults: [{ kind: 'dynamodb-down', fromSeconds: 0, toSeconds: 10 }] })).steady;
    expect(tableDown.asCalls).toBe(1);
  });

  it('what-if refreshAhead: a hit within its window goes to the AS with the given probability', () => {
    const cache = { ...DEFAULT_CACHE_RULES, resultsCacheTtlSeconds: 0 };
    const plain = simulateFleet(scenario({ classes: oneToken(), cache })).steady;
    const always = simulateFleet(scenario({ classes: oneToken(), cache: { ...cache, refreshAhead: { seconds: cache.capSeconds, probability: 1 } } })).steady;
    const never = simulateFleet(scenario({ classes: oneToken(), cache: { ...cache, refreshAhead: { seconds: cache.capSeconds, probability: 0 } } })).steady;
    expect(plain.asCalls).toBe(1);
    expect(never).toEqual(plain);
    expect(always.memoryHits).toBe(0);
    expect(always.asCalls + always.joined).toBe(1000);
  });

  it('an ended item on a lambda fleet: with the refill lease one instance writes it, only those that read it before the lease landed ask the AS, the others wait for that item', () => {
    // One hot token behind a 1 s result cache: its item ends every 10 s (the cap) for every instance at once.
    const hot = (refillLease: boolean) =>
      simulateFleet(
        scenario({
          classes: oneToken(),
          fleet: LAMBDA_FLEET,
          cache: { ...DEFAULT_CACHE_RULES, resultsCacheTtlSeconds: 1, capSeconds: 10, refillLease },
          rpsBySecond: Array.from({ length: 60 }, () => 2000),
          warmupSeconds: 5,
        }),
      ).steady;
    const withLease = hot(true);
    const without = hot(false);
    // Five refills in the steady minute: one item each with the lease; every request that found no lease
    // claimed one and asked the AS (2,000 requests/s over a GetItem and a claim of 5 ms each: about 20).
    expect(withLease.dynamoDbWrites).toBe(5);
    expect(withLease.leasesWon).toBe(5);
    expect(withLease.leaseWrites).toBe(withLease.asCalls);
    expect(withLease.asCalls).toBeLessThanOrEqual(5 * 2000 * 0.011);
    expect(withLease.leaseWaits).toBeGreaterThan(0);
    expect(withLease.leaseWaitsServed).toBe(withLease.leaseWaits);
    // Without it, every request in the gap until the first refill lands asks the AS and writes the item.
    expect(without.asCalls).toBeGreaterThan(4 * withLease.asCalls);
    expect(without.dynamoDbWrites).toBe(without.asCalls);
    expect(without.hottestKeyWritesPerSecond).toBeGreaterThan(4 * withLease.hottestKeyWritesPerSecond);
    expect(without.leaseWrites).toBe(0);
  });

  it('a refill lease whose holder fails (AS down) is given back: the others ask the AS themselves, nothing is served from the ended item', () => {
    // The item stored at the start ends at about 5 s, as the AS goes down; the steady state is 6-10 s.
    const cache = { ...DEFAULT_CACHE_RULES, resultsCacheTtlSeconds: 0, capSeconds: 5 };
    const faults = [{ kind: 'as-down' as const, fromSeconds: 5, toSeconds: 10 }];
    const { steady } = simulateFleet(scenario({ classes: oneToken(), fleet: LAMBDA_FLEET, cache, faults, rpsBySecond: Array.from({ length: 10 }, () => 200), warmupSeconds: 6 }));
    expect(steady.dynamoDbHits + steady.memoryHits + steady.leaseWaitsServed).toBe(0);
    expect(steady.leasesWon).toBeGreaterThan(0);
    expect(steady.asFailures).toBe(steady.asCalls);
    expect(steady.asCalls).toBe(steady.invocations);
  });

  it('reports the startup seconds apart from the steady state', () => {
    const result = simulateFleet(scenario({ classes: oneToken(), warmupSeconds: 4 }));
    expect(result.startup.seconds).toBe(4);
    expect(result.steady.seconds).toBe(6);
    expect(result.startup.asCalls).toBe(1);
    expect(result.steady.asCalls).toBe(0);
  });
});
