import { blocks, distribution, median, percentileOfSorted, round, spread } from '../../bench/harness/stats';

describe('percentileOfSorted', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentileOfSorted(hundred, 50)).toBe(50);
    expect(percentileOfSorted(hundred, 99)).toBe(99);
    expect(percentileOfSorted(hundred, 99.5)).toBe(100);
    expect(percentileOfSorted([10, 20, 30], 50)).toBe(20);
  });

  it('clamps to the ends and is NaN when empty', () => {
    expect(percentileOfSorted(hundred, 0)).toBe(1);
    expect(percentileOfSorted(hundred, 100)).toBe(100);
    expect(percentileOfSorted([], 50)).toBeNaN();
  });
});

describe('median and spread', () => {
  it('takes the middle of an odd count and the mean of the middle pair of an even count, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reports min, median and max without changing the input', () => {
    const values = [9, 2, 7];
    expect(spread(values)).toEqual({ min: 2, median: 7, max: 9 });
    expect(values).toEqual([9, 2, 7]);
  });

  it('distribution carries p50, p99 and the sample count', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(distribution(values)).toMatchObject({ samples: 1000, min: 1, max: 1000, p50: 500, p99: 990 });
  });
});

describe('blocks', () => {
  it('splits into consecutive blocks, the last possibly shorter', () => {
    expect(blocks([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(blocks([], 3)).toEqual([]);
  });
});

describe('round', () => {
  it('keeps more places for small values than for large ones', () => {
    expect(round(1234.5678)).toBe(1234.6);
    expect(round(12.3456)).toBe(12.35);
    expect(round(0.123456)).toBe(0.1235);
    expect(round(Number.NaN)).toBeNaN();
  });
});
