import { Pacer } from '../../../bench/soak/lanes';

describe('Pacer', () => {
  it('spaces request starts 1/rate apart across callers', async () => {
    const started = performance.now();
    const pacer = new Pacer(100, () => performance.now() - started);
    await Promise.all(Array.from({ length: 11 }, () => pacer.slot()));
    // Eleven slots at 100 per second: the last one no earlier than 100 ms in (timers never fire early).
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('does not burst to catch up after falling behind', async () => {
    let now = 0;
    const pacer = new Pacer(10, () => now);
    await pacer.slot();
    now = 5_000;
    let late = false;
    void pacer.slot().then(() => (late = true));
    await new Promise(setImmediate);
    expect(late).toBe(true);
    // The next slot is 100 ms after the late one, not immediately (no backlog of missed slots).
    const third = pacer.slot();
    let done = false;
    void third.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    await third;
  });
});
