// Dollars per million requests, from list prices (prices.ts), the share of requests API Gateway's result
// cache answers, what the authorizer invocations did (tier shares), and how long each kind took. Pure
// arithmetic: the bench supplies the measured durations and the shares.
import type { Prices } from './prices';

export type ApiKind = 'rest' | 'http';

/** What a share of the authorizer's invocations did, and for how long. */
export interface InvocationKind {
  readonly share: number;
  readonly durationMs: number;
  readonly dynamoDbReads: number;
  readonly dynamoDbWrites: number;
  readonly asCalls: number;
}

export interface CostInputs {
  readonly api: ApiKind;
  readonly gatewayHitRatio: number;
  /** Shares of the invocations; they should sum to 1. */
  readonly invocations: readonly InvocationKind[];
  readonly memoryMb: number;
  /** Size of the tier-2 item a miss writes. */
  readonly itemBytes: number;
}

export interface CostPerMillion {
  readonly totalUsd: number;
  readonly gatewayUsd: number;
  readonly lambdaUsd: number;
  readonly dynamoDbUsd: number;
  readonly asCalls: number;
}

const MILLION = 1e6;

/** Lambda bills duration per millisecond, rounded up, and every invocation at least 1 ms. */
export function billedMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

export function costPerMillion(inputs: CostInputs, prices: Prices): CostPerMillion {
  const gatewayUsd = inputs.api === 'rest' ? prices.apiGateway.restPerMillionRequests : prices.apiGateway.httpPerMillionRequests;
  const invocations = (1 - inputs.gatewayHitRatio) * MILLION;
  const gb = inputs.memoryMb / 1024;
  const writeUnits = Math.max(1, Math.ceil(inputs.itemBytes / prices.dynamoDb.writeUnitBytes));
  let gbSeconds = 0;
  let readUnits = 0;
  let writes = 0;
  let asCalls = 0;
  for (const kind of inputs.invocations) {
    const count = invocations * kind.share;
    gbSeconds += (count * billedMs(kind.durationMs) * gb) / 1000;
    readUnits += count * kind.dynamoDbReads * prices.dynamoDb.readUnitsPerEventuallyConsistentGet;
    writes += count * kind.dynamoDbWrites * writeUnits;
    asCalls += count * kind.asCalls;
  }
  const lambdaUsd = gbSeconds * prices.lambda.arm64PerGbSecond + (invocations / MILLION) * prices.lambda.perMillionRequests;
  const dynamoDbUsd = (readUnits / MILLION) * prices.dynamoDb.perMillionReadRequestUnits + (writes / MILLION) * prices.dynamoDb.perMillionWriteRequestUnits;
  return { totalUsd: gatewayUsd + lambdaUsd + dynamoDbUsd, gatewayUsd, lambdaUsd, dynamoDbUsd, asCalls };
}

/** One cold start's init, billed like duration. */
export function initCostUsd(initMs: number, memoryMb: number, prices: Prices): number {
  return (billedMs(initMs) / 1000) * (memoryMb / 1024) * prices.lambda.arm64PerGbSecond;
}
