import { seededRandom, zipfProbabilities, zipfSampler, zipfSequence } from '../../bench/harness/zipf';

describe('seededRandom', () => {
  it('is reproducible from its seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(drawn).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(drawn.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(seededRandom(42)());
  });
});

describe('zipfProbabilities', () => {
  it('sums to 1 and falls as 1/k^s', () => {
    const p = zipfProbabilities(1000, 1.1);
    expect(p.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 10);
    expect(p[0] / p[1]).toBeCloseTo(2 ** 1.1, 10);
    expect(p[9] / p[99]).toBeCloseTo(10 ** 1.1, 10);
  });
});

describe('zipfSampler', () => {
  it('draws ranks with the Zipf frequencies', () => {
    const n = 1000;
    const draws = 200_000;
    const counts = new Array<number>(n).fill(0);
    const draw = zipfSampler(n, 1.1, seededRandom(7));
    for (let i = 0; i < draws; i++) counts[draw()]++;
    const expected = zipfProbabilities(n, 1.1);
    for (const rank of [0, 1, 2, 9, 99]) {
      expect(Math.abs(counts[rank] / draws - expected[rank])).toBeLessThan(expected[rank] * 0.1 + 0.0005);
    }
  });

  it('stays within 0..n-1, including n = 1', () => {
    const one = zipfSampler(1, 1.1, seededRandom(1));
    expect(Array.from({ length: 100 }, one).every((rank) => rank === 0)).toBe(true);
    const sequence = zipfSequence(10, 1.1, 10_000, 3);
    expect(Math.max(...sequence)).toBeLessThanOrEqual(9);
    expect(Math.min(...sequence)).toBe(0);
  });

  it('refuses a non-positive n or s', () => {
    expect(() => zipfSampler(0, 1.1, Math.random)).toThrow(RangeError);
    expect(() => zipfSampler(10, 0, Math.random)).toThrow(RangeError);
  });

  it('is reproducible from the seed', () => {
    expect(zipfSequence(1000, 1.1, 5000, 11)).toEqual(zipfSequence(1000, 1.1, 5000, 11));
  });
});
