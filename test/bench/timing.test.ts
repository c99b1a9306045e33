import { interleaved, rotating, series, timeOnce } from '../../bench/harness/timing';

describe('interleaved', () => {
  it('runs warm-up rounds with negative indices, then alternates which side goes first, same index on both sides', async () => {
    const calls: string[] = [];
    const run = await interleaved((i) => calls.push(`a${i}`), async (i) => calls.push(`b${i}`), { warmup: 2, samples: 4, maxMs: 60_000 });
    expect(calls).toEqual(['a-1', 'b-1', 'a-2', 'b-2', 'a0', 'b0', 'b1', 'a1', 'a2', 'b2', 'b3', 'a3']);
    expect(run.a).toHaveLength(4);
    expect(run.b).toHaveLength(4);
    expect(run.truncated).toBe(false);
  });

  it('stops at the deadline and says so', async () => {
    const run = await interleaved(() => undefined, () => undefined, { warmup: 0, samples: 1000, maxMs: -1 });
    expect(run).toEqual({ a: [], b: [], truncated: true });
  });
});

describe('rotating', () => {
  it('runs every operation once per round, starting one further each round, same index within a round', async () => {
    const calls: string[] = [];
    const op = (name: string) => (i: number) => calls.push(`${name}${i}`);
    const run = await rotating([op('a'), op('b'), op('c')], { warmup: 1, samples: 3, maxMs: 60_000 });
    expect(calls).toEqual(['a-1', 'b-1', 'c-1', 'a0', 'b0', 'c0', 'b1', 'c1', 'a1', 'c2', 'a2', 'b2']);
    expect(run.samples.map((samples) => samples.length)).toEqual([3, 3, 3]);
    expect(run.truncated).toBe(false);
  });

  it('stops at the deadline between rounds and says so', async () => {
    const run = await rotating([() => undefined, () => undefined], { warmup: 0, samples: 10, maxMs: -1 });
    expect(run).toEqual({ samples: [[], []], truncated: true });
  });
});

describe('series', () => {
  it('takes the asked number of samples after the warm-up', async () => {
    let count = 0;
    const run = await series(() => count++, { warmup: 3, samples: 5, maxMs: 60_000 });
    expect(count).toBe(8);
    expect(run.micros).toHaveLength(5);
    expect(run.micros.every((value) => value >= 0)).toBe(true);
  });
});

describe('timeOnce', () => {
  it('waits for a returned promise', async () => {
    let settled = false;
    await timeOnce(() => new Promise<void>((resolve) => setImmediate(() => { settled = true; resolve(); })), 0);
    expect(settled).toBe(true);
  });

  it('passes a rejection on', async () => {
    await expect(timeOnce(() => Promise.reject(new Error('boom')), 0)).rejects.toThrow('boom');
  });
});
