import { SOAK_DEFAULTS } from '../../../bench/soak/options';
import { buildSoakReport, formatSoakTable } from '../../../bench/soak/report';
import { soakSchedule, type FaultWindow } from '../../../bench/soak/schedule';
import { SoakTally, type JudgedRequest } from '../../../bench/soak/tally';

const windows: FaultWindow[] = [
  { kind: 'as-down', startMs: 6_000, endMs: 16_000 },
  { kind: 'dynamodb-down', startMs: 22_000, endMs: 32_000 },
  { kind: 'as-slow', startMs: 38_000, endMs: 48_000 },
];

function reportOf(requests: readonly JudgedRequest[]) {
  const tally = new SoakTally(windows, 60);
  for (const request of requests) tally.record(request);
  const memory = { rssStartMb: 1, rssEndMb: 1, rssPeakMb: 1, heapAfterGcStartMb: 1, heapAfterGcEndMb: 1, rssTimelineMb: [], usageStartMb: {}, usageEndMb: {} };
  return buildSoakReport({
    options: SOAK_DEFAULTS,
    schedule: soakSchedule(60_000, 10_000),
    windows,
    revocation: {},
    revocationBoundMs: 21_000,
    tally,
    memory,
    decisions: { lines: 0, errors: 0, unavailable: 0, dynamoDbErrors: 0, byTier: {}, errorSamples: [] },
    elapsedMs: 60_000,
  });
}

const refusal = (startMs: number, kind: JudgedRequest['kind'], msAfterEnd: number): JudgedRequest => ({
  kind, method: 'GET', path: '/invoices', verdict: 'refused-during-recovery', startMs, endMs: startMs + 5, status: 503, retryAfter: '5',
  knownCached: false, faults: [], recoveringFrom: { kind: 'as-slow', msAfterEnd },
});

describe('soak report: refusals within the recovery allowance', () => {
  it('writes refusedDuringRecovery per AS fault, apart from the zero-tolerance counts', () => {
    const report = reportOf([refusal(48_400, 'good', 400), refusal(49_250, 'fresh', 1_250)]);
    expect(report.refusedDuringRecovery).toEqual({
      'as-down': { requests: 0, byKind: {}, latestSecondsAfterEnd: null },
      'as-slow': { requests: 2, byKind: { good: 1, fresh: 1 }, latestSecondsAfterEnd: 1.25 },
    });
    expect({ wrongAllows: report.wrongAllows, wrongRefusals: report.wrongRefusals, unexpected5xx: report.unexpected5xx }).toEqual({ wrongAllows: 0, wrongRefusals: 0, unexpected5xx: 0 });
    expect(report.offendingSamples).toEqual([]);
    expect(formatSoakTable(report)).toMatch(/^503 in recovery +as-down 0, as-slow 2 \(good 1, fresh 1; latest 1\.25 s after its end\); allowed by the 2 s recovery allowance/m);
  });
});
