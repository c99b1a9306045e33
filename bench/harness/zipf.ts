// A seeded Zipf(s) sampler over ranks 0..n-1 (rank 0 the most popular): P(k) ∝ 1 / (k+1)^s, drawn by
// binary search over the cumulative weights. Seeded so both sides of a comparison see the same sequence.

/** mulberry32: a small, fast, seedable PRNG with uniform output in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function zipfProbabilities(n: number, s: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

export function zipfSampler(n: number, s: number, random: () => number): () => number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipfSampler: n must be a positive integer, got ${n}`);
  if (!(s > 0)) throw new RangeError(`zipfSampler: s must be positive, got ${s}`);
  const cumulative = new Float64Array(n);
  let sum = 0;
  zipfProbabilities(n, s).forEach((p, k) => {
    sum += p;
    cumulative[k] = sum;
  });
  cumulative[n - 1] = 1;
  return () => {
    const u = random();
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > u) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/** `count` ranks drawn from Zipf(s) over n items, reproducible from the seed. */
export function zipfSequence(n: number, s: number, count: number, seed: number): Uint32Array {
  const draw = zipfSampler(n, s, seededRandom(seed));
  const sequence = new Uint32Array(count);
  for (let i = 0; i < count; i++) sequence[i] = draw();
  return sequence;
}
