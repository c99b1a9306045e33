import { invocationMix } from '../../../bench/cost/invocation-mix';
import { billedMs, costPerMillion, initCostUsd } from '../../../bench/cost/model';
import { PRICES } from '../../../bench/cost/prices';
import type { FleetCounts } from '../../../bench/fleet/simulate';

describe('costPerMillion', () => {
  const miss = { share: 1, durationMs: 9.2, dynamoDbReads: 1, dynamoDbWrites: 1, asCalls: 1 };

  it('adds the gateway price, Lambda requests and GB-seconds billed per ms rounded up, and DynamoDB units', () => {
    const cost = costPerMillion({ api: 'rest', gatewayHitRatio: 0, invocations: [miss], memoryMb: 512, itemBytes: 1100 }, PRICES);
    expect(cost.gatewayUsd).toBe(3.5);
    // 1e6 invocations x 10 ms x 0.5 GB = 5,000 GB-s; plus $0.20 of requests.
    expect(cost.lambdaUsd).toBeCloseTo(5000 * 0.0000133334 + 0.2, 6);
    // Half a read unit per GetItem, two write units for an 1,100-byte item.
    expect(cost.dynamoDbUsd).toBeCloseTo(0.5 * 0.125 + 2 * 0.625, 6);
    expect(cost.asCalls).toBe(1e6);
    expect(cost.totalUsd).toBeCloseTo(cost.gatewayUsd + cost.lambdaUsd + cost.dynamoDbUsd, 9);
  });

  it('the result cache removes invocations, not gateway requests; HTTP APIs take their own price', () => {
    const cost = costPerMillion({ api: 'http', gatewayHitRatio: 0.9, invocations: [miss], memoryMb: 512, itemBytes: 500 }, PRICES);
    expect(cost.gatewayUsd).toBe(1);
    expect(cost.asCalls).toBeCloseTo(1e5, 6);
  });

  it('bills at least 1 ms', () => {
    expect(billedMs(0.01)).toBe(1);
    expect(billedMs(1.01)).toBe(2);
    expect(initCostUsd(150, 1024, PRICES)).toBeCloseTo(0.15 * 0.0000133334, 12);
  });
});

describe('invocationMix', () => {
  const counts = (partial: Partial<FleetCounts>): FleetCounts => ({
    seconds: 1, requests: 0, gatewayHits: 0, invocations: 0, refusedEarly: 0, memoryHits: 0, negativeHits: 0, dynamoDbHits: 0, asCalls: 0, leaseWrites: 0, leasesWon: 0, leaseWaits: 0, leaseWaitsServed: 0, joined: 0,
    asFailures: 0, asRefused: 0, dynamoDbReads: 0, dynamoDbWrites: 0, coldStarts: 0, throttled: 0, paidMiss: 0, billedMs: 0, initMs: 0,
    hottestKeyReadsPerSecond: 0, hottestKeyWritesPerSecond: 0, peakAsCallsPerSecond: 0, peakInstances: 0, ...partial,
  });

  it('splits the invocations by path, with shares summing to 1 and writes only on active misses', () => {
    const mix = invocationMix(counts({ invocations: 100, memoryHits: 50, negativeHits: 5, refusedEarly: 5, dynamoDbHits: 20, asCalls: 20, dynamoDbWrites: 15, dynamoDbReads: 40 }), {
      memoryHitMs: 0.01,
      dynamoDbHitMs: 2,
      missMs: 8,
    });
    expect(mix.reduce((sum, kind) => sum + kind.share, 0)).toBeCloseTo(1, 9);
    expect(mix.map((kind) => [kind.share, kind.dynamoDbWrites, kind.asCalls])).toEqual([[0.6, 0, 0], [0.2, 0, 0], [0.15, 1, 1], [0.05, 0, 1]]);
  });

  it('puts the refill lease writes on the misses that store an item', () => {
    const mix = invocationMix(counts({ invocations: 100, memoryHits: 80, asCalls: 20, dynamoDbWrites: 20, leaseWrites: 10, dynamoDbReads: 20 }), { memoryHitMs: 0.01, dynamoDbHitMs: 2, missMs: 8 });
    expect(mix.map((kind) => [kind.share, kind.dynamoDbWrites])).toEqual([[0.8, 0], [0.2, 1.5]]);
  });
});
