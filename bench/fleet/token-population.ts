// Draws the token of each request: a class by its share, then a slot by Zipf popularity within the class,
// then the slot's current token (slots renew their token every lifetime, staggered per slot). Tokens are
// small integers, which Maps hash fastest: unique kinds count down from -1, the others pack class (4
// bits), generation modulo 8 (3 bits) and slot (21 bits).
import { zipfProbabilities } from '../harness/zipf';
import type { TokenClass } from './scenario';

export interface DrawnToken {
  readonly key: number;
  readonly classIndex: number;
  /** When the token expires (ms of simulated time); Infinity when it outlives the run. */
  readonly expiresAtMs: number;
}

const SLOT_BITS = 21;
export const MAX_SLOTS = 2 ** SLOT_BITS;
export const MAX_CLASSES = 16;
const packed = (classIndex: number, generation: number, slot: number) => (((classIndex << 3) | (generation & 7)) << SLOT_BITS) | slot;

export class TokenPopulation {
  private readonly classCumulative: Float64Array;
  private readonly slotCumulative: Float64Array[];
  private readonly offsetsMs: Float64Array[];
  private nextUnique = -1;

  constructor(
    readonly classes: readonly TokenClass[],
    private readonly random: () => number,
  ) {
    if (classes.length > MAX_CLASSES) throw new RangeError(`at most ${MAX_CLASSES} token classes, got ${classes.length}`);
    for (const tokenClass of classes) {
      if ((tokenClass.tokens ?? 1) > MAX_SLOTS) throw new RangeError(`${tokenClass.name}: at most ${MAX_SLOTS} tokens per class`);
    }
    const total = classes.reduce((sum, tokenClass) => sum + tokenClass.share, 0);
    let sum = 0;
    this.classCumulative = Float64Array.from(classes, (tokenClass) => (sum += tokenClass.share / total));
    this.slotCumulative = classes.map((tokenClass) => cumulative(zipfProbabilities(Math.max(1, tokenClass.tokens ?? 1), tokenClass.zipfExponent ?? 0)));
    this.offsetsMs = classes.map((tokenClass) =>
      Float64Array.from({ length: Math.max(1, tokenClass.tokens ?? 1) }, () => (tokenClass.lifetimeSeconds ? random() * tokenClass.lifetimeSeconds * 1000 : 0)),
    );
  }

  draw(nowMs: number): DrawnToken {
    const classIndex = search(this.classCumulative, this.random());
    const tokenClass = this.classes[classIndex];
    if (tokenClass.kind === 'unique-active' || tokenClass.kind === 'unique-inactive') {
      return { key: this.nextUnique--, classIndex, expiresAtMs: nowMs + (tokenClass.lifetimeSeconds ?? 3600) * 1000 };
    }
    const slot = search(this.slotCumulative[classIndex], this.random());
    const lifetimeMs = (tokenClass.lifetimeSeconds ?? 0) * 1000;
    if (lifetimeMs <= 0) return { key: packed(classIndex, 0, slot), classIndex, expiresAtMs: Infinity };
    const shifted = nowMs + this.offsetsMs[classIndex][slot];
    const generation = Math.floor(shifted / lifetimeMs);
    return {
      key: packed(classIndex, generation, slot),
      classIndex,
      expiresAtMs: (generation + 1) * lifetimeMs - this.offsetsMs[classIndex][slot],
    };
  }
}

function cumulative(probabilities: readonly number[]): Float64Array {
  let sum = 0;
  const result = Float64Array.from(probabilities, (p) => (sum += p));
  result[result.length - 1] = 1;
  return result;
}

function search(cumulativeWeights: Float64Array, u: number): number {
  let low = 0;
  let high = cumulativeWeights.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulativeWeights[middle] > u) high = middle;
    else low = middle + 1;
  }
  return low;
}
