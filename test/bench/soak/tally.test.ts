import type { Verdict } from '../../../bench/soak/judge';
import type { FaultWindow } from '../../../bench/soak/schedule';
import { SoakTally, type JudgedRequest } from '../../../bench/soak/tally';

const windows: FaultWindow[] = [
  { kind: 'as-down', startMs: 1_000, endMs: 2_000 },
  { kind: 'as-slow', startMs: 5_000, endMs: 6_000 },
];

function answer(verdict: Verdict, startMs: number, extra: Partial<JudgedRequest> = {}): JudgedRequest {
  return { kind: 'good', method: 'GET', path: '/invoices', verdict, startMs, endMs: startMs + 10, status: 503, retryAfter: '5', knownCached: false, faults: [], ...extra };
}

describe('SoakTally: refusals within the recovery allowance', () => {
  it('counts them per AS fault and kind, with the latest start after the fault end, and never as offending', () => {
    const tally = new SoakTally(windows, 10);
    tally.record(answer('tolerated', 1_500, { faults: ['as-down'] }));
    tally.record(answer('refused-during-recovery', 2_300, { recoveringFrom: { kind: 'as-down', msAfterEnd: 300 } }));
    tally.record(answer('refused-during-recovery', 2_900, { kind: 'fresh', recoveringFrom: { kind: 'as-down', msAfterEnd: 900 } }));
    tally.record(answer('refused-during-recovery', 2_600, { recoveringFrom: { kind: 'as-down', msAfterEnd: 600 } }));

    expect(tally.refusedDuringRecovery.get('as-down')).toEqual({ requests: 3, byKind: { good: 2, fresh: 1 }, latestMsAfterEnd: 900 });
    expect(tally.refusedDuringRecovery.has('as-slow')).toBe(false);
    expect(tally.byVerdict).toEqual({ tolerated: 1, 'refused-during-recovery': 3 });
    expect(tally.samples).toEqual([]);
    expect(tally.timeline[2]).toEqual({ requests: 3, ok: 0, tolerated: 3, offending: 0 });
    // The fault's own tally is for requests during the fault only.
    expect(tally.perFault.get('as-down')?.requests).toBe(1);
  });

  it('keeps an offending answer in the recovery allowance out of that figure', () => {
    const tally = new SoakTally(windows, 10);
    tally.record(answer('wrong-refusal', 6_500, { knownCached: true, recoveringFrom: { kind: 'as-slow', msAfterEnd: 500 } }));
    expect(tally.refusedDuringRecovery.size).toBe(0);
    expect(tally.samples).toHaveLength(1);
  });
});

describe('SoakTally: refusals during an AS fault, by lane', () => {
  const during = (tally: SoakTally, extra: Partial<JudgedRequest>) => tally.record(answer('tolerated', 1_500, { kind: 'fresh', faults: ['as-down'], ...extra }));

  it('on REST, counts the 503 with Retry-After as the designed refusal, not a 500', () => {
    const tally = new SoakTally(windows, 10);
    during(tally, {});
    during(tally, { status: 500, retryAfter: undefined });
    expect(tally.perFault.get('as-down')).toMatchObject({ freshRefusedAsDesigned: 1, goodRefusedAsDesigned: 0 });
  });

  it('on an HTTP API, counts the 500 as the designed refusal, not a 503', () => {
    const tally = new SoakTally(windows, 10, 'http');
    during(tally, { status: 500, retryAfter: undefined });
    during(tally, { kind: 'good', status: 500, retryAfter: undefined });
    during(tally, {});
    expect(tally.perFault.get('as-down')).toMatchObject({ freshRefusedAsDesigned: 1, goodRefusedAsDesigned: 1 });
  });
});
