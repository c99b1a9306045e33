// bench/prices.json, typed: the only place the cost figures take a price from.
import prices from '../prices.json';

export interface Prices {
  readonly basis: string;
  readonly apiGateway: { readonly restPerMillionRequests: number; readonly httpPerMillionRequests: number };
  readonly lambda: { readonly arm64PerGbSecond: number; readonly perMillionRequests: number };
  readonly dynamoDb: {
    readonly perMillionReadRequestUnits: number;
    readonly perMillionWriteRequestUnits: number;
    readonly readUnitsPerEventuallyConsistentGet: number;
    readonly writeUnitBytes: number;
  };
}

export const PRICES: Prices = prices;
