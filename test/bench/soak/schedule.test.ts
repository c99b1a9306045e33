import { asFaultPhase, FAULT_KINDS, overlappedFaults, soakSchedule, type FaultWindow } from '../../../bench/soak/schedule';

describe('soakSchedule', () => {
  it('spreads the three faults with equal gaps, a double tail, and the revocation early', () => {
    const schedule = soakSchedule(60_000, 10_000);
    expect(schedule.faults).toEqual([
      { kind: 'as-down', atMs: 6_000, forMs: 10_000 },
      { kind: 'dynamodb-down', atMs: 22_000, forMs: 10_000 },
      { kind: 'as-slow', atMs: 38_000, forMs: 10_000 },
    ]);
    expect(schedule.revokeAtMs).toBe(3_000);
    expect(schedule.faults.map((fault) => fault.kind)).toEqual(FAULT_KINDS);
  });

  it('fits the 15-second profile with every fault kind and a tail longer than the recovery target', () => {
    const { faults } = soakSchedule(15_000, 2_500);
    const last = faults[faults.length - 1];
    expect(faults).toHaveLength(3);
    expect(15_000 - (last.atMs + last.forMs)).toBeGreaterThan(2_000);
  });
});

describe('overlappedFaults', () => {
  const windows: FaultWindow[] = [{ kind: 'as-down', startMs: 1_000, endMs: 2_000 }, { kind: 'as-slow', startMs: 5_000 }];

  it('matches requests that overlap a window or its recovery allowance; an open window lasts', () => {
    expect(overlappedFaults(windows, 0, 999, 2_000)).toEqual([]);
    expect(overlappedFaults(windows, 0, 1_000, 0).map((w) => w.kind)).toEqual(['as-down']);
    expect(overlappedFaults(windows, 3_500, 3_600, 2_000).map((w) => w.kind)).toEqual(['as-down']);
    expect(overlappedFaults(windows, 4_100, 4_200, 2_000)).toEqual([]);
    expect(overlappedFaults(windows, 60_000, 60_001, 0).map((w) => w.kind)).toEqual(['as-slow']);
  });
});

describe('asFaultPhase', () => {
  const windows: FaultWindow[] = [
    { kind: 'as-down', startMs: 1_000, endMs: 2_000 },
    { kind: 'dynamodb-down', startMs: 3_000, endMs: 4_000 },
    { kind: 'as-slow', startMs: 7_000 },
  ];

  it('tells the AS fault itself from the recovery allowance after it; DynamoDB faults are neither', () => {
    expect(asFaultPhase(windows, 500, 1_000, 2_000)).toEqual({ during: true });
    expect(asFaultPhase(windows, 1_900, 2_100, 2_000)).toEqual({ during: true });
    expect(asFaultPhase(windows, 2_001, 2_100, 2_000)).toEqual({ during: false, recoveringFrom: windows[0] });
    expect(asFaultPhase(windows, 3_900, 4_500, 2_000)).toEqual({ during: false, recoveringFrom: windows[0] });
    expect(asFaultPhase(windows, 4_001, 4_500, 2_000)).toEqual({ during: false, recoveringFrom: undefined });
    expect(asFaultPhase(windows, 2_500, 2_600, 0)).toEqual({ during: false, recoveringFrom: undefined });
    expect(asFaultPhase(windows, 60_000, 60_001, 2_000)).toEqual({ during: true });
  });
});
