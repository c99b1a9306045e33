// Measuring loops. Every loop is bounded twice: by a sample count and by a deadline, and reports how many
// samples it actually took. `interleaved` alternates A and B in the same loop (flipping which goes first
// each round) so that noise from the other tenants of this machine lands on both sides alike.

export type Operation = (index: number) => unknown;

export interface LoopOptions {
  /** Rounds run and discarded before measuring (JIT, connection pools, key imports). */
  readonly warmup: number;
  readonly samples: number;
  /** Stop measuring after this many milliseconds even if fewer samples were taken. */
  readonly maxMs: number;
}

export interface Series {
  /** Microseconds per operation, in the order taken. */
  readonly micros: number[];
  readonly truncated: boolean;
}

export interface PairedSeries {
  readonly a: number[];
  readonly b: number[];
  readonly truncated: boolean;
}

/** Times one call in microseconds; a returned promise is awaited, a plain value is not. */
export async function timeOnce(operation: Operation, index: number): Promise<number> {
  const start = process.hrtime.bigint();
  const result = operation(index);
  if (isThenable(result)) await result;
  return Number(process.hrtime.bigint() - start) / 1000;
}

export async function series(operation: Operation, options: LoopOptions): Promise<Series> {
  for (let i = 0; i < options.warmup; i++) await timeOnce(operation, -1 - i);
  const deadline = Date.now() + options.maxMs;
  const micros: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    if (Date.now() > deadline) return { micros, truncated: true };
    micros.push(await timeOnce(operation, i));
  }
  return { micros, truncated: false };
}

/** A and B alternate in one loop; operation `index` is the same for both within a round. */
export async function interleaved(a: Operation, b: Operation, options: LoopOptions): Promise<PairedSeries> {
  for (let i = 0; i < options.warmup; i++) {
    await timeOnce(a, -1 - i);
    await timeOnce(b, -1 - i);
  }
  const deadline = Date.now() + options.maxMs;
  const result: PairedSeries = { a: [], b: [], truncated: false };
  for (let i = 0; i < options.samples; i++) {
    if (Date.now() > deadline) return { ...result, truncated: true };
    if (i % 2 === 0) {
      result.a.push(await timeOnce(a, i));
      result.b.push(await timeOnce(b, i));
    } else {
      result.b.push(await timeOnce(b, i));
      result.a.push(await timeOnce(a, i));
    }
  }
  return result;
}

/**
 * Several operations in one loop, the order rotating by one each round (A B C, B C A, C A B, ...), so
 * drift on the machine lands on each alike; operation `index` is the same for all within a round.
 */
export async function rotating(operations: readonly Operation[], options: LoopOptions): Promise<{ readonly samples: number[][]; readonly truncated: boolean }> {
  for (let i = 0; i < options.warmup; i++) for (const operation of operations) await timeOnce(operation, -1 - i);
  const deadline = Date.now() + options.maxMs;
  const samples: number[][] = operations.map(() => []);
  for (let i = 0; i < options.samples; i++) {
    if (Date.now() > deadline) return { samples, truncated: true };
    for (let k = 0; k < operations.length; k++) {
      const which = (k + i) % operations.length;
      samples[which].push(await timeOnce(operations[which], i));
    }
  }
  return { samples, truncated: false };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
