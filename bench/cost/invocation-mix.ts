// What the authorizer's invocations did, as the cost model's invocation kinds: from the fleet model's
// counts (which path each invocation took) and the durations measured for each path.
import type { FleetCounts } from '../fleet/simulate';
import type { InvocationKind } from './model';

export interface MeasuredDurations {
  readonly memoryHitMs: number;
  readonly dynamoDbHitMs: number;
  readonly missMs: number;
}

export function invocationMix(counts: FleetCounts, durations: MeasuredDurations): InvocationKind[] {
  const total = counts.invocations;
  if (total === 0) return [];
  const share = (count: number) => count / total;
  const activeMisses = counts.dynamoDbWrites;
  const otherMisses = counts.asCalls - activeMisses;
  const reads = counts.dynamoDbReads > 0 ? 1 : 0;
  // The refill lease's conditional writes (claims, won or lost, and give-backs) go with the misses that store.
  const writesPerActiveMiss = activeMisses > 0 ? 1 + counts.leaseWrites / activeMisses : 1;
  return [
    { share: share(counts.memoryHits + counts.negativeHits + counts.refusedEarly), durationMs: durations.memoryHitMs, dynamoDbReads: 0, dynamoDbWrites: 0, asCalls: 0 },
    { share: share(counts.dynamoDbHits), durationMs: durations.dynamoDbHitMs, dynamoDbReads: 1, dynamoDbWrites: 0, asCalls: 0 },
    { share: share(activeMisses), durationMs: durations.missMs, dynamoDbReads: reads, dynamoDbWrites: writesPerActiveMiss, asCalls: 1 },
    { share: share(otherMisses), durationMs: durations.missMs, dynamoDbReads: reads, dynamoDbWrites: 0, asCalls: 1 },
    { share: share(counts.joined), durationMs: durations.missMs, dynamoDbReads: 0, dynamoDbWrites: 0, asCalls: 0 },
  ].filter((kind) => kind.share > 0);
}

/** The share of requests API Gateway's result cache answered. */
export function gatewayHitRatio(counts: FleetCounts): number {
  return counts.requests === 0 ? 0 : counts.gatewayHits / counts.requests;
}
