// The arithmetic every figure goes through: nearest-rank percentiles over sorted samples and the
// min / median / max summary each figure is reported with. Pure, so test/bench checks it without timing.

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface Distribution extends Spread {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
}

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN when empty. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[sorted.length - 1];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1];
}

/** The middle value, or the mean of the two middle values for an even count; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = ascending(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  const sorted = ascending(values);
  return { min: sorted[0], median: median(sorted), max: sorted[sorted.length - 1] };
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = ascending(values);
  return {
    samples: sorted.length,
    ...spread(sorted),
    p50: percentileOfSorted(sorted, 50),
    p99: percentileOfSorted(sorted, 99),
  };
}

/** Splits samples into `count` consecutive blocks (the last may be shorter), to show a ratio's stability. */
export function blocks<T>(values: readonly T[], count: number): T[][] {
  const size = Math.max(1, Math.ceil(values.length / Math.max(1, count)));
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
  return result;
}

/** Rounds for the report: enough digits to compare, not so many that noise looks like precision. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  const places = magnitude >= 100 ? 1 : magnitude >= 1 ? digits - 1 : digits + 1;
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
