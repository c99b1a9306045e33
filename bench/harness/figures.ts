// The shapes a benchmark group hands back: sections of named values (each key path is a key of
// bench/results.json) with the conditions they were measured under, and the side-by-side ratio summary.
import { cpus, loadavg } from 'node:os';
import { blocks, median, round, spread, type Spread } from './stats';

export interface Section {
  /** Dotted path in results.json, e.g. `authorizer.l1Hit`. */
  readonly path: string;
  /** Figures under the path, e.g. `{ p50us: 7.1, p99us: 19.8 }`; NaN when it could not be measured. */
  readonly values: Readonly<Record<string, number>>;
  /** How it was measured: repetitions, min/median/max of each side, what was compared. */
  readonly conditions: Readonly<Record<string, unknown>>;
}

export interface RatioSummary {
  /** median(A) / median(B). */
  readonly ratio: number;
  /** The same ratio computed per consecutive block of rounds: how stable it is across the run. */
  readonly blockRatios: Spread;
  readonly a: Spread;
  readonly b: Spread;
  readonly rounds: number;
}

export function ratioOf(a: readonly number[], b: readonly number[], blockCount = 5): RatioSummary {
  const aBlocks = blocks(a, blockCount);
  const bBlocks = blocks(b, blockCount);
  const perBlock = aBlocks.map((block, index) => median(block) / median(bBlocks[index] ?? []));
  return {
    ratio: median(a) / median(b),
    blockRatios: roundedSpread(perBlock),
    a: roundedSpread(a),
    b: roundedSpread(b),
    rounds: Math.min(a.length, b.length),
  };
}

export function roundedSpread(values: readonly number[]): Spread {
  const { min, median: middle, max } = spread(values);
  return { min: round(min), median: round(middle), max: round(max) };
}

/** `min/median/max`, rounded: how the table's summaries show a spread. */
export function spreadText({ min, median: middle, max }: Spread): string {
  return `${round(min)}/${round(middle)}/${round(max)}`;
}

/** What every section records about the machine at the time it ran. */
export function machine(): Record<string, unknown> {
  return { node: process.version, cpus: cpus().length, loadavg1m: round(loadavg()[0], 2) };
}
